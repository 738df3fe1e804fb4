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
