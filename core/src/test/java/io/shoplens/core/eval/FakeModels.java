package io.shoplens.core.eval;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;

/** Recommenders defined by a score function of (user, item), for evaluator tests. */
final class FakeModels {
    private FakeModels() {
    }

    /** A trainer returning {@code make}'s model, estimating nothing to allocate. */
    static Trainer<Recommender> trainer(Function<TrainingData, Recommender> make) {
        return new Trainer<>() {
            @Override
            public Recommender train(TrainingData data) {
                return make.apply(data);
            }

            @Override
            public MemoryEstimate estimate(TrainingData data) {
                return MemoryEstimate.of("fake").build();
            }
        };
    }

    static Recommender of(String name, int numItems, ToDoubleBiFunction<UserHistory, Integer> score) {
        Provenance prov = new Provenance(name, Map.of(), "test", 0, "test", Instant.EPOCH, 0);
        return new Recommender() {
            @Override
            public int numItems() {
                return numItems;
            }

            @Override
            public void scoreAll(UserHistory user, float[] out) {
                for (int i = 0; i < numItems; i++) {
                    out[i] = (float) score.applyAsDouble(user, i);
                }
            }

            @Override
            public Explanation explain(UserHistory user, int item) {
                return new Explanation(item, (float) score.applyAsDouble(user, item), name, List.of());
            }

            @Override
            public Provenance provenance() {
                return prov;
            }

            @Override
            public void save(Path file) {
                throw new IllegalStateException("test models are not saved");
            }
        };
    }
}
