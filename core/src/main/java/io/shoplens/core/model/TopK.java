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
     * returns how many were written. {@code exclude} is asked only about indexes that would enter the current
     * top-k, so a costly test (a hash set of seen items) runs a few times per kept item, not once per index.
     */
    public static int selectAll(float[] value, int k, IntPredicate exclude, int[] out) {
        int size = 0;
        int cap = Math.min(k, value.length);
        for (int i = 0; i < value.length; i++) {
            if (Float.isNaN(value[i]) || size == cap && (cap == 0 || !better(i, out[0], value))) {
                continue;
            }
            if (exclude == null || !exclude.test(i)) {
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

    /**
     * The {@code k} best (item, score) pairs offered so far, best first on {@link #drain}; ties go to the lower
     * item, NaN scores are never kept. For streams of scores that are never all in one array (items scored in
     * tiles). Not thread-safe.
     */
    public static final class Running {
        private final int cap;
        private final int[] items;
        private final float[] scores;
        private int size;

        /** A heap keeping the best {@code k} (at least 1). */
        public Running(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, got " + k);
            }
            cap = k;
            items = new int[k];
            scores = new float[k];
        }

        /** Forgets everything offered. */
        public void clear() {
            size = 0;
        }

        /** The smallest score a new item must beat (or tie with a lower index) once the heap is full. */
        public boolean full() {
            return size == cap;
        }

        /** The worst kept score; only meaningful when {@link #full()}. */
        public float worstScore() {
            return scores[0];
        }

        /** Offers {@code item} with {@code score}. */
        public void offer(int item, float score) {
            if (Float.isNaN(score)) {
                return;
            }
            if (size < cap) {
                items[size] = item;
                scores[size] = score;
                up(size++);
            } else if (better(item, score, items[0], scores[0])) {
                items[0] = item;
                scores[0] = score;
                down(size);
            }
        }

        /** Writes the kept items best first into {@code out} and returns their number; the heap is emptied. */
        public int drain(int[] out) {
            int n = size;
            for (int end = n - 1; end > 0; end--) {
                swap(0, end);
                down(end);
            }
            System.arraycopy(items, 0, out, 0, n);
            size = 0;
            return n;
        }

        private static boolean better(int a, float sa, int b, float sb) {
            return sa > sb || (sa == sb && a < b);
        }

        private void up(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!better(items[parent], scores[parent], items[i], scores[i])) {
                    return;
                }
                swap(parent, i);
                i = parent;
            }
        }

        private void down(int n) {
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= n) {
                    return;
                }
                int worst = l;
                if (l + 1 < n && better(items[l], scores[l], items[l + 1], scores[l + 1])) {
                    worst = l + 1;
                }
                if (!better(items[i], scores[i], items[worst], scores[worst])) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            int ti = items[a];
            items[a] = items[b];
            items[b] = ti;
            float ts = scores[a];
            scores[a] = scores[b];
            scores[b] = ts;
        }
    }
}
