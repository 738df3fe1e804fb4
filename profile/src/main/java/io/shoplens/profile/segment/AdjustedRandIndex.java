package io.shoplens.profile.segment;

import java.util.HashMap;
import java.util.Map;

/**
 * The adjusted Rand index of two partitions of the same items (Hubert and Arabie, "Comparing partitions",
 * Journal of Classification 1985): the Rand index corrected for chance, 1 for identical partitions (up to
 * relabelling), about 0 for independent ones, negative when worse than chance.
 */
public final class AdjustedRandIndex {
    private AdjustedRandIndex() {
    }

    /** The index of labellings {@code a} and {@code b} (same length, at least 2 items). */
    public static double of(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("the labellings have " + a.length + " and " + b.length + " items");
        }
        if (a.length < 2) {
            throw new IllegalArgumentException("the adjusted Rand index needs at least 2 items, got " + a.length);
        }
        Map<Long, Long> cells = new HashMap<>();
        Map<Integer, Long> rows = new HashMap<>();
        Map<Integer, Long> cols = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            cells.merge(((long) a[i] << 32) ^ (b[i] & 0xffffffffL), 1L, Long::sum);
            rows.merge(a[i], 1L, Long::sum);
            cols.merge(b[i], 1L, Long::sum);
        }
        double index = 0;
        for (long n : cells.values()) {
            index += pairs(n);
        }
        double sumA = 0;
        for (long n : rows.values()) {
            sumA += pairs(n);
        }
        double sumB = 0;
        for (long n : cols.values()) {
            sumB += pairs(n);
        }
        double expected = sumA * sumB / pairs(a.length);
        double max = (sumA + sumB) / 2;
        if (max == expected) {
            return 1.0;
        }
        return (index - expected) / (max - expected);
    }

    private static double pairs(long n) {
        return n * (n - 1) / 2.0;
    }
}
