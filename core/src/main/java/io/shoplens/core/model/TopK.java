package io.shoplens.core.model;

import java.util.function.IntPredicate;

/**
 * Heap selection of the {@code k} indexes with the largest values in O(n log k), written best first; ties go to
 * the lower index, so results are deterministic. Shared by {@link Recommender#topK} and the models' neighbour
 * selection.
 */
public final class TopK {
    private TopK() {
    }

    /**
     * Selects among {@code candidates[0..n)} the {@code k} indexes with the largest {@code value}, writes them best
     * first into {@code out} (room for min(k, n) entries) and returns how many were written.
     */
    public static int select(int[] candidates, int n, float[] value, int k, int[] out) {
        int size = 0;
        int cap = Math.min(k, n);
        for (int c = 0; c < n; c++) {
            size = offer(out, size, cap, candidates[c], value);
        }
        return drain(out, size, value);
    }

    /**
     * Selects among all indexes of {@code value} the {@code k} largest that are not NaN and not excluded
     * ({@code exclude} may be null), writes them best first into {@code out} (room for min(k, value.length)) and
     * returns how many were written.
     */
    public static int selectAll(float[] value, int k, IntPredicate exclude, int[] out) {
        int size = 0;
        int cap = Math.min(k, value.length);
        for (int i = 0; i < value.length; i++) {
            if (!Float.isNaN(value[i]) && (exclude == null || !exclude.test(i))) {
                size = offer(out, size, cap, i, value);
            }
        }
        return drain(out, size, value);
    }

    /** Whether index {@code a} ranks before {@code b}: larger value, then lower index. */
    public static boolean better(int a, int b, float[] value) {
        return value[a] > value[b] || (value[a] == value[b] && a < b);
    }

    private static int offer(int[] heap, int size, int cap, int x, float[] value) {
        if (size < cap) {
            heap[size] = x;
            siftUp(heap, size, value);
            return size + 1;
        }
        if (cap > 0 && better(x, heap[0], value)) {
            heap[0] = x;
            siftDown(heap, size, value);
        }
        return size;
    }

    /** Turns the min-heap (worst at the root) into a best-first array in place. */
    private static int drain(int[] heap, int size, float[] value) {
        for (int end = size - 1; end > 0; end--) {
            int worst = heap[0];
            heap[0] = heap[end];
            heap[end] = worst;
            siftDown(heap, end, value);
        }
        return size;
    }

    private static void siftUp(int[] h, int i, float[] v) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(h[parent], h[i], v)) {
                return;
            }
            int t = h[parent];
            h[parent] = h[i];
            h[i] = t;
            i = parent;
        }
    }

    private static void siftDown(int[] h, int size, float[] v) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int worst = l;
            if (l + 1 < size && better(h[l], h[l + 1], v)) {
                worst = l + 1;
            }
            if (!better(h[i], h[worst], v)) {
                return;
            }
            int t = h[i];
            h[i] = h[worst];
            h[worst] = t;
            i = worst;
        }
    }
}
