package io.shoplens.recommend.popular;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Scores every user's items by training popularity. Immutable and thread-safe. */
public final class PopularityModel implements Recommender {
    private final float[] scores;
    private final int[] rankOf;
    /** Items best first (NaN scores left out), so a top-k is a walk from the start. */
    private final int[] byRank;
    private final Provenance provenance;

    PopularityModel(float[] scores, Provenance provenance) {
        this.scores = scores;
        this.provenance = provenance;
        this.rankOf = new int[scores.length];
        List<ScoredItem> order = Recommender.topK(scores, scores.length, null);
        this.byRank = new int[order.size()];
        for (int r = 0; r < order.size(); r++) {
            rankOf[order.get(r).item()] = r;
            byRank[r] = order.get(r).item();
        }
    }

    /**
     * The {@code k} most popular items not excluded, as {@link Recommender#recommend} ranks them, found by walking
     * the popularity order: the cost is in the excluded items met on the way, not in the catalogue's size.
     */
    @Override
    public List<ScoredItem> recommend(UserHistory user, int k, IntPredicate exclude) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        List<ScoredItem> out = new ArrayList<>(Math.min(k, byRank.length));
        for (int r = 0; r < byRank.length && out.size() < k; r++) {
            int i = byRank[r];
            if (exclude == null || !exclude.test(i)) {
                out.add(new ScoredItem(i, scores[i]));
            }
        }
        return out;
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
