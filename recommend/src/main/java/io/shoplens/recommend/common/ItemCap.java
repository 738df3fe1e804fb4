package io.shoplens.recommend.common;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * The items a model is trained on when it keeps only the {@code maxItems} items with the most training users
 * (EASE, Mult-VAE, NeuMF), and the map between the data's item indexes ({@code 0..numItems-1}) and the model's
 * compact local indexes ({@code 0..size-1}, in ascending item order). Items outside the cap score
 * {@link #OUTSIDE_SCORE}, below every score a model can give, so they rank last and the evaluator still ranks
 * them when they are targets. Without a cap every item is its own local index. Immutable and thread-safe.
 */
public final class ItemCap {
    /** The score of items outside the cap: the lowest finite float. */
    public static final float OUTSIDE_SCORE = -Float.MAX_VALUE;

    private final int numItems;
    private final int[] kept;
    private final int[] localOf;

    private ItemCap(int numItems, int[] kept) {
        this.numItems = numItems;
        this.kept = kept;
        if (kept == null) {
            localOf = null;
        } else {
            localOf = new int[numItems];
            Arrays.fill(localOf, -1);
            for (int l = 0; l < kept.length; l++) {
                if (kept[l] < 0 || kept[l] >= numItems || (l > 0 && kept[l] <= kept[l - 1])) {
                    throw new IllegalArgumentException("kept items must be ascending in 0.." + (numItems - 1)
                            + ", got " + kept[l] + " at position " + l);
                }
                localOf[kept[l]] = l;
            }
        }
    }

    /** Every one of {@code numItems} items, each its own local index. */
    public static ItemCap all(int numItems) {
        return new ItemCap(numItems, null);
    }

    /**
     * The {@code maxItems} of {@code numItems} items with the most training users ({@code users.applyAsInt(i)} for
     * item i; ties to the lower index), or every item when {@code maxItems} is 0 or at least {@code numItems}.
     */
    public static ItemCap mostPopular(int numItems, IntUnaryOperator users, int maxItems) {
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must be >= 0 (0 = all items), got " + maxItems);
        }
        if (maxItems == 0 || maxItems >= numItems) {
            return all(numItems);
        }
        return new ItemCap(numItems, mostPopular(users, numItems, maxItems));
    }

    /**
     * As {@link #mostPopular(int, IntUnaryOperator, int)} with the users counted from {@code positives}, each
     * user's distinct items.
     */
    public static ItemCap mostPopular(int numItems, int[][] positives, int maxItems) {
        int[] users = new int[numItems];
        for (int[] p : positives) {
            for (int i : p) {
                users[i]++;
            }
        }
        return mostPopular(numItems, i -> users[i], maxItems);
    }

    /** The {@code count} items with the most users (ties to the lower index), ascending. */
    public static int[] mostPopular(IntUnaryOperator users, int numItems, int count) {
        Integer[] order = new Integer[numItems];
        int[] degree = new int[numItems];
        for (int i = 0; i < numItems; i++) {
            order[i] = i;
            degree[i] = users.applyAsInt(i);
        }
        Arrays.sort(order, (a, b) -> degree[a] != degree[b] ? Integer.compare(degree[b], degree[a])
                : Integer.compare(a, b));
        int[] kept = new int[count];
        for (int k = 0; k < count; k++) {
            kept[k] = order[k];
        }
        Arrays.sort(kept);
        return kept;
    }

    /** Number of items in the data's index space. */
    public int numItems() {
        return numItems;
    }

    /** Number of items in the model (local indexes). */
    public int size() {
        return kept == null ? numItems : kept.length;
    }

    /** Whether some items are left out. */
    public boolean capped() {
        return kept != null;
    }

    /** The local index of {@code item}, or -1 when it is outside the cap or outside {@code 0..numItems-1}. */
    public int local(int item) {
        if (item < 0 || item >= numItems) {
            return -1;
        }
        return localOf == null ? item : localOf[item];
    }

    /** The item index of local index {@code local}. */
    public int item(int local) {
        return kept == null ? local : kept[local];
    }

    /** The local indexes of those of {@code items} inside the cap, in order (ascending when the items are). */
    public int[] local(int[] items) {
        int[] out = new int[items.length];
        int n = 0;
        for (int i : items) {
            int l = local(i);
            if (l >= 0) {
                out[n++] = l;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * {@code exclude} (null for none) widened to the items outside the cap, for a model's {@code recommend}: items
     * outside the cap are never recommended, even when too few others are left.
     */
    public IntPredicate excluding(IntPredicate exclude) {
        if (kept == null) {
            return exclude;
        }
        IntPredicate outside = i -> local(i) < 0;
        return exclude == null ? outside : outside.or(exclude);
    }

    /** Writes {@code local[l]} to {@code out[item(l)]} and {@link #OUTSIDE_SCORE} to the other items. */
    public void spread(float[] local, float[] out) {
        if (kept == null) {
            System.arraycopy(local, 0, out, 0, numItems);
            return;
        }
        Arrays.fill(out, 0, numItems, OUTSIDE_SCORE);
        for (int l = 0; l < kept.length; l++) {
            out[kept[l]] = local[l];
        }
    }

    /** Writes the cap: the number of kept items (-1 for all) and their indexes. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(kept == null ? -1 : kept.length);
        if (kept != null) {
            for (int i : kept) {
                out.writeInt(i);
            }
        }
    }

    /** Reads a cap over {@code numItems} items written by {@link #write}. */
    public static ItemCap read(DataInput in, int numItems) throws IOException {
        int n = in.readInt();
        if (n < -1 || n > numItems) {
            throw new IOException("corrupt item cap: " + n + " kept items of " + numItems);
        }
        if (n == -1) {
            return all(numItems);
        }
        int[] kept = new int[n];
        for (int k = 0; k < n; k++) {
            kept[k] = in.readInt();
        }
        try {
            return new ItemCap(numItems, kept);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt item cap: " + e.getMessage(), e);
        }
    }
}
