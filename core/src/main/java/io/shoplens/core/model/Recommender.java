package io.shoplens.core.model;

import io.shoplens.core.data.UserHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A trained recommendation model: immutable and safe to call from many threads at once. It scores items for a
 * user given the user's history (the model may also use the user index it was trained with), returns top-K
 * lists, and explains its scores.
 *
 * <p>Scores are comparable only within one call for one user; higher is better.
 */
public interface Recommender {
    /** Number of items in the model's id space; valid item indexes are {@code 0..numItems()-1}. */
    int numItems();

    /** Writes a score for every item into {@code out} (length at least {@link #numItems()}). */
    void scoreAll(UserHistory user, float[] out);

    /**
     * Writes the scores of {@code candidates} into {@code out[0..candidates.length)}. The default scores all
     * items; models with cheap per-item scores override it.
     */
    default void score(UserHistory user, int[] candidates, float[] out) {
        float[] all = new float[numItems()];
        scoreAll(user, all);
        for (int i = 0; i < candidates.length; i++) {
            out[i] = all[candidates[i]];
        }
    }

    /**
     * The {@code k} best items for {@code user} among those not excluded, best first; ties go to the lower item
     * index. {@code exclude} typically holds the user's seen items and a caller's exclusion list.
     */
    default List<ScoredItem> recommend(UserHistory user, int k, IntPredicate exclude) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        float[] scores = new float[numItems()];
        scoreAll(user, scores);
        return topK(scores, k, exclude);
    }

    /** Why the model scores {@code item} as it does for {@code user}; never null, evidence may be empty. */
    Explanation explain(UserHistory user, int item);

    /** How the model was made. */
    Provenance provenance();

    /**
     * Saves the model with its provenance to {@code file} atomically (see {@link ModelFiles}); load it back with
     * the algorithm's loader.
     */
    void save(java.nio.file.Path file);

    /** The {@code k} highest scores not excluded, best first, ties to the lower index; NaN scores are skipped. */
    static List<ScoredItem> topK(float[] scores, int k, IntPredicate exclude) {
        int[] best = new int[Math.min(k, scores.length)];
        int n = TopK.selectAll(scores, k, exclude, best);
        List<ScoredItem> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ScoredItem(best[i], scores[best[i]]));
        }
        return out;
    }
}
