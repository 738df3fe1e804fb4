package io.shoplens.core.eval;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DotProductModel;
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

    /** {@code model} seen only as a plain {@link Recommender} (so the evaluator scores it user by user). */
    static Recommender plain(Recommender model) {
        return new Recommender() {
            @Override
            public int numItems() {
                return model.numItems();
            }

            @Override
            public void scoreAll(UserHistory user, float[] out) {
                model.scoreAll(user, out);
            }

            @Override
            public void score(UserHistory user, int[] candidates, float[] out) {
                model.score(user, candidates, out);
            }

            @Override
            public Explanation explain(UserHistory user, int item) {
                return model.explain(user, item);
            }

            @Override
            public Provenance provenance() {
                return model.provenance();
            }

            @Override
            public void save(Path file) {
                model.save(file);
            }
        };
    }

    /**
     * A dot-product model: a user's vector is the sum of its history items' vectors, an item's score that vector
     * dotted with the item's, plus its bias, summed in index order as the contract asks.
     */
    static final class Dot implements DotProductModel {
        private final int numItems;
        private final int d;
        private final float[] items;
        private final float[] bias;

        Dot(int numItems, int d, float[] items, float[] bias) {
            this.numItems = numItems;
            this.d = d;
            this.items = items;
            this.bias = bias;
        }

        @Override
        public int numItems() {
            return numItems;
        }

        @Override
        public int dimension() {
            return d;
        }

        @Override
        public float[] userVector(UserHistory history) {
            float[] x = new float[d];
            for (int i : history.items()) {
                for (int c = 0; c < d; c++) {
                    x[c] += items[i * d + c];
                }
            }
            return x;
        }

        @Override
        public void itemVector(int item, float[] out) {
            System.arraycopy(items, item * d, out, 0, d);
        }

        @Override
        public float itemBias(int item) {
            return bias[item];
        }

        private float score(float[] x, int i) {
            float s = 0;
            for (int c = 0; c < d; c++) {
                s += x[c] * items[i * d + c];
            }
            return s + bias[i];
        }

        @Override
        public void scoreTile(float[][] users, int count, int from, int to, float[][] out) {
            for (int u = 0; u < count; u++) {
                for (int i = from; i < to; i++) {
                    out[u][i - from] = score(users[u], i);
                }
            }
        }

        @Override
        public void scoreAll(UserHistory user, float[] out) {
            float[] x = userVector(user);
            for (int i = 0; i < numItems; i++) {
                out[i] = score(x, i);
            }
        }

        @Override
        public void score(UserHistory user, int[] candidates, float[] out) {
            float[] x = userVector(user);
            for (int c = 0; c < candidates.length; c++) {
                out[c] = score(x, candidates[c]);
            }
        }

        @Override
        public Explanation explain(UserHistory user, int item) {
            return new Explanation(item, score(userVector(user), item), "dot", List.of());
        }

        @Override
        public Provenance provenance() {
            return new Provenance("dot", Map.of(), "test", 0, "test", Instant.EPOCH, 0);
        }

        @Override
        public void save(Path file) {
            throw new UnsupportedOperationException("test model");
        }
    }
}
