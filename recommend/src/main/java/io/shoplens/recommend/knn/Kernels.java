package io.shoplens.recommend.knn;

/**
 * Shared primitive-array routines of the neighbourhood models: similarity from accumulated statistics, top-k
 * selection with deterministic tie-breaking, sorted-run look-ups.
 */
final class Kernels {
    private Kernels() {
    }

    /**
     * The similarity of a to b from their accumulated statistics; see {@link Similarity}. The shrinkage factor
     * co / (co + shrink) (Bell &amp; Koren 2007) damps similarities that rest on few common entries.
     *
     * @param dot     Σ r<sub>a</sub>·r<sub>b</sub> over common entries
     * @param co      number of common entries, at least 1
     * @param leftA   for cosine and asymmetric: the left norm factor of a (‖a‖ or ‖a‖<sup>2(1−α)</sup>); for
     *                Jaccard: n<sub>a</sub>
     * @param rightB  for cosine and asymmetric: the right norm factor of b; for Jaccard: n<sub>b</sub>
     */
    static float similarity(Similarity kind, float dot, int co, float leftA, float rightB, double shrink) {
        double s;
        if (kind == Similarity.JACCARD) {
            s = co / (double) (leftA + rightB - co);
        } else {
            double denominator = (double) leftA * rightB;
            s = denominator > 0 ? dot / denominator : 0;
        }
        if (shrink > 0) {
            s *= co / (co + shrink);
        }
        return (float) s;
    }

    /** The left factor of a vector with squared norm {@code norm2} and {@code n} entries. */
    static float leftFactor(Similarity kind, double alpha, double norm2, int n) {
        return switch (kind) {
            case COSINE -> (float) Math.sqrt(norm2);
            case JACCARD -> n;
            case ASYMMETRIC -> (float) Math.pow(norm2, 1 - alpha);
        };
    }

    /** The right factor of a vector with squared norm {@code norm2} and {@code n} entries. */
    static float rightFactor(Similarity kind, double alpha, double norm2, int n) {
        return switch (kind) {
            case COSINE -> (float) Math.sqrt(norm2);
            case JACCARD -> n;
            case ASYMMETRIC -> (float) Math.pow(norm2, alpha);
        };
    }

    /**
     * Selects the {@code k} indexes among {@code candidates[0..n)} with the largest {@code value}, ties to the
     * lower index, and writes them best first into {@code out}; returns how many were written (min(k, n)).
     * {@code out} needs room for min(k, n) entries.
     */
    static int selectTop(int[] candidates, int n, float[] value, int k, int[] out) {
        int size = 0;
        int cap = Math.min(k, n);
        for (int c = 0; c < n; c++) {
            int x = candidates[c];
            if (size < cap) {
                out[size] = x;
                siftUp(out, size, value);
                size++;
            } else if (better(x, out[0], value)) {
                out[0] = x;
                siftDown(out, size, value);
            }
        }
        for (int end = size - 1; end > 0; end--) {
            int worst = out[0];
            out[0] = out[end];
            out[end] = worst;
            siftDown(out, end, value);
        }
        return size;
    }

    /** Whether index a ranks before index b: larger value, then lower index. */
    static boolean better(int a, int b, float[] value) {
        return value[a] > value[b] || (value[a] == value[b] && a < b);
    }

    private static void siftUp(int[] h, int i, float[] v) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (better(h[parent], h[i], v)) {
                int t = h[parent];
                h[parent] = h[i];
                h[i] = t;
                i = parent;
            } else {
                return;
            }
        }
    }

    /** Restores the min-heap (worst element at the root) of {@code size} entries after the root changed. */
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
            if (better(h[i], h[worst], v)) {
                int t = h[i];
                h[i] = h[worst];
                h[worst] = t;
                i = worst;
            } else {
                return;
            }
        }
    }

    /** Position of {@code key} in the ascending run {@code a[from..to)}, or -1. */
    static int find(int[] a, int from, int to, int key) {
        int lo = from;
        int hi = to - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int x = a[mid];
            if (x < key) {
                lo = mid + 1;
            } else if (x > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** ⌈log₂(n + 1)⌉: comparisons of a binary search over n entries. */
    static int searchCost(int n) {
        return 32 - Integer.numberOfLeadingZeros(n);
    }
}
