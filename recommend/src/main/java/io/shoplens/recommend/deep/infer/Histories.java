package io.shoplens.recommend.deep.infer;

import io.shoplens.core.data.UserHistory;
import java.util.Arrays;

/** What a model with {@code numItems} items can use of a history given at scoring time. */
public final class Histories {
    private Histories() {
    }

    /** The history's items in {@code 0..numItems-1}, in order (repeats kept); the array itself when all are. */
    public static int[] inRange(UserHistory h, int numItems) {
        int[] items = h.items();
        int n = 0;
        for (int i : items) {
            if (i >= 0 && i < numItems) {
                n++;
            }
        }
        if (n == items.length) {
            return items;
        }
        int[] out = new int[n];
        int k = 0;
        for (int i : items) {
            if (i >= 0 && i < numItems) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** The distinct items of {@code items}, ascending. */
    public static int[] distinct(int[] items) {
        return Arrays.stream(items).distinct().sorted().toArray();
    }

    /**
     * Up to {@code limit} distinct items of {@code items}, the most recent first (an item counts at its last
     * occurrence).
     */
    public static int[] recentDistinct(int[] items, int limit) {
        int[] out = new int[Math.min(limit, items.length)];
        int n = 0;
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int k = items.length - 1; k >= 0 && n < out.length; k--) {
            if (seen.add(items[k])) {
                out[n++] = items[k];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The error for an item outside the model, naming the range. */
    public static IllegalArgumentException outside(int item, int numItems) {
        return new IllegalArgumentException("item " + item + " is outside 0.." + (numItems - 1));
    }
}
