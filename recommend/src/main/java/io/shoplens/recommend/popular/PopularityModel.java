package io.shoplens.recommend.popular;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Scores every user's items by training popularity. Immutable and thread-safe. */
public final class PopularityModel implements Recommender {
    private final float[] scores;
    private final int[] rankOf;
    private final Provenance provenance;

    PopularityModel(float[] scores, Provenance provenance) {
        this.scores = scores;
        this.provenance = provenance;
        this.rankOf = new int[scores.length];
        List<io.shoplens.core.model.ScoredItem> order = Recommender.topK(scores, scores.length, null);
        for (int r = 0; r < order.size(); r++) {
            rankOf[order.get(r).item()] = r;
        }
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
    public void score(UserHistory user, int[] candidates, float[] out) {
        for (int i = 0; i < candidates.length; i++) {
            out[i] = scores[candidates[i]];
        }
    }

    /** The popularity score of {@code item}. */
    public float popularity(int item) {
        return scores[item];
    }

    @Override
    public Explanation explain(UserHistory user, int item) {
        String detail = String.format("%.1f weighted interactions in training, rank %d of %d", scores[item],
                rankOf[item] + 1, scores.length);
        return new Explanation(item, scores[item], "Popular with other shoppers: " + detail,
                List.of(new Evidence("popularity", item, scores[item], detail)));
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

    /** Loads a model saved by {@link #save}. */
    public static PopularityModel load(Path file) {
        return ModelFiles.read(file, PopularityParams.NAME, PopularityModel::read);
    }

    private static PopularityModel read(DataInputStream in, Provenance provenance) throws IOException {
        int n = in.readInt();
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = in.readFloat();
        }
        return new PopularityModel(s, provenance);
    }
}
