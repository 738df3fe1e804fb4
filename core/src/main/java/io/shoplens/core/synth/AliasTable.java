package io.shoplens.core.synth;

/** Walker/Vose alias table: draws an index with probability proportional to its weight in O(1). */
final class AliasTable {
    private final double[] prob;
    private final int[] alias;
    private final int n;

    /** Builds the table; weights must be finite, non-negative and not all zero. */
    AliasTable(double[] weights) {
        n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("alias table needs at least one weight");
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("alias weight must be finite and >= 0, got " + w);
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("alias weights must not all be zero");
        }
        prob = new double[n];
        alias = new int[n];
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int smallCount = 0;
        int largeCount = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1.0) {
                small[smallCount++] = i;
            } else {
                large[largeCount++] = i;
            }
        }
        while (smallCount > 0 && largeCount > 0) {
            int s = small[--smallCount];
            int l = large[--largeCount];
            prob[s] = scaled[s];
            alias[s] = l;
            scaled[l] = (scaled[l] + scaled[s]) - 1.0;
            if (scaled[l] < 1.0) {
                small[smallCount++] = l;
            } else {
                large[largeCount++] = l;
            }
        }
        while (largeCount > 0) {
            int l = large[--largeCount];
            prob[l] = 1.0;
            alias[l] = l;
        }
        while (smallCount > 0) {
            int s = small[--smallCount];
            prob[s] = 1.0;
            alias[s] = s;
        }
    }

    /** The index drawn by a uniform {@code u} in [0, 1). */
    int sample(double u) {
        double x = u * n;
        int i = (int) x;
        if (i >= n) {
            i = n - 1;
        }
        return (x - i) < prob[i] ? i : alias[i];
    }
}
