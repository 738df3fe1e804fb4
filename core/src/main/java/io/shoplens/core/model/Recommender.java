package io.shoplens.core.model;

import io.shoplens.core.data.UserHistory;
import java.util.ArrayList;
import java.util.Arrays;
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
        int n = scores.length;
        int[] heap = new int[Math.min(k, n)];
        int size = 0;
        for (int i = 0; i < n; i++) {
            float s = scores[i];
            if (Float.isNaN(s) || (exclude != null && exclude.test(i))) {
                continue;
            }
            if (size < heap.length) {
                heap[size] = i;
                siftUp(heap, size++, scores);
            } else if (better(i, heap[0], scores)) {
                heap[0] = i;
                siftDown(heap, size, scores);
            }
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = heap[i];
        }
        Arrays.sort(order, (a, b) -> better(a, b, scores) ? -1 : (better(b, a, scores) ? 1 : 0));
        List<ScoredItem> out = new ArrayList<>(size);
        for (Integer i : order) {
            out.add(new ScoredItem(i, scores[i]));
        }
        return out;
    }

    private static boolean better(int a, int b, float[] s) {
        return s[a] > s[b] || (s[a] == s[b] && a < b);
    }

    private static void siftUp(int[] h, int i, float[] s) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (better(h[parent], h[i], s)) {
                int t = h[parent];
                h[parent] = h[i];
                h[i] = t;
                i = parent;
            } else {
                return;
            }
        }
    }

    private static void siftDown(int[] h, int size, float[] s) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int worst = l;
            if (l + 1 < size && better(h[l], h[l + 1], s)) {
                worst = l + 1;
            }
            if (better(h[i], h[worst], s)) {
                int t = h[i];
                h[i] = h[worst];
                h[worst] = t;
                i = worst;
            } else {
                return;
            }
        }
    }
}
