package io.shoplens.recommend.hybrid;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A fake component for the hybrid: the same fixed scores for every user, whatever the data. */
final class FixedScores implements Recommender {
    static final String NAME = "fixed";

    private final float[] scores;
    private final Provenance provenance;

    private FixedScores(float[] scores, Provenance provenance) {
        this.scores = scores.clone();
        this.provenance = provenance;
    }

    /** A trainer that ignores the data (except its fingerprint) and returns {@code scores}. */
    static Trainer<FixedScores> trainer(float... scores) {
        return new Trainer<>() {
            @Override
            public FixedScores train(TrainingData data) {
                return new FixedScores(scores, new Provenance(NAME, Map.of("first", Float.toString(scores[0])),
                        data.fingerprint(), 0, "test", Instant.EPOCH, 0));
            }

            @Override
            public MemoryEstimate estimate(TrainingData data) {
                return MemoryEstimate.of(NAME).part("scores", MemoryEstimate.ints(scores.length)).build();
            }
        };
    }

    @Override
    public int numItems() {
        return scores.length;
    }

    @Override
    public void scoreAll(UserHistory user, float[] out) {
        System.arraycopy(scores, 0, out, 0, scores.length);
    }

    @Override
    public Explanation explain(UserHistory user, int item) {
        return new Explanation(item, scores[item], "fixed score",
                List.of(new Evidence("fixed", item, scores[item], "fixed score " + scores[item])));
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            out.writeInt(scores.length);
            for (float s : scores) {
                out.writeFloat(s);
            }
        });
    }

    static FixedScores load(Path file) {
        return ModelFiles.read(file, NAME, (in, prov) -> {
            float[] s = new float[in.readInt()];
            for (int i = 0; i < s.length; i++) {
                s[i] = in.readFloat();
            }
            return new FixedScores(s, prov);
        });
    }
}
