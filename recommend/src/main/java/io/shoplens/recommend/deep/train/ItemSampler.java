package io.shoplens.recommend.deep.train;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.recommend.common.ItemCap;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws negative items for training: uniformly over all items, or in proportion to training popularity raised to
 * an exponent (word2vec's 0.75 smooths it; 1 is plain popularity). A drawn item is never one of the user's
 * positives: draws that hit one are rejected and redrawn. Thread-safe (the random source is passed in).
 */
public final class ItemSampler {
    private static final int MAX_TRIES = 10_000;

    private final int numItems;
    private final double[] cumulative;
    private final String kind;

    private ItemSampler(int numItems, double[] cumulative, String kind) {
        this.numItems = numItems;
        this.cumulative = cumulative;
        this.kind = kind;
    }

    /** Uniform over {@code 0..numItems-1}. */
    public static ItemSampler uniform(int numItems) {
        if (numItems < 1) {
            throw new IllegalArgumentException("negative sampling needs at least one item, got " + numItems);
        }
        return new ItemSampler(numItems, null, "uniform");
    }

    /**
     * Proportional to {@code counts[i]^exponent}; items with count 0 are never drawn.
     *
     * @param exponent in [0, 1]; 0 is uniform over items seen at least once
     */
    public static ItemSampler popularity(long[] counts, double exponent) {
        if (!(exponent >= 0 && exponent <= 1)) {
            throw new IllegalArgumentException("popularity exponent must be in [0, 1], got " + exponent);
        }
        double[] c = new double[counts.length];
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i] > 0 ? Math.pow(counts[i], exponent) : 0;
            c[i] = sum;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("popularity sampling needs at least one item with events");
        }
        return new ItemSampler(counts.length, c, "popularity^" + exponent);
    }

    /** {@code uniform} or {@code popularity} (exponent 0.75) over {@code store}'s item counts. */
    public static ItemSampler of(String kind, InteractionStore store) {
        return switch (kind) {
            case "uniform" -> uniform(store.numItems());
            case "popularity" -> popularity(store.itemCounts(), 0.75);
            default -> throw new IllegalArgumentException("negative sampling must be uniform or popularity, got "
                    + kind);
        };
    }

    /**
     * As {@link #of(String, InteractionStore)} over the local items of {@code cap} ({@code 0..cap.size()-1}), with
     * each local item's count that of its item in {@code store}.
     */
    public static ItemSampler of(String kind, InteractionStore store, ItemCap cap) {
        if (!cap.capped()) {
            return of(kind, store);
        }
        return switch (kind) {
            case "uniform" -> uniform(cap.size());
            case "popularity" -> {
                long[] counts = store.itemCounts();
                long[] local = new long[cap.size()];
                for (int l = 0; l < local.length; l++) {
                    local[l] = counts[cap.item(l)];
                }
                yield popularity(local, 0.75);
            }
            default -> throw new IllegalArgumentException("negative sampling must be uniform or popularity, got "
                    + kind);
        };
    }

    /** Number of items. */
    public int numItems() {
        return numItems;
    }

    /** One item, ignoring positives. */
    public int draw(SplittableRandom rnd) {
        if (cumulative == null) {
            return rnd.nextInt(numItems);
        }
        double r = rnd.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * One item not in {@code sortedPositives} (ascending, distinct). Fails with a sentence when the user's
     * positives leave (almost) nothing to draw.
     */
    public int drawExcluding(int[] sortedPositives, SplittableRandom rnd) {
        for (int t = 0; t < MAX_TRIES; t++) {
            int item = draw(rnd);
            if (Arrays.binarySearch(sortedPositives, item) < 0) {
                return item;
            }
        }
        throw new IllegalStateException("no " + kind + " negative found in " + MAX_TRIES + " draws for a user with "
                + sortedPositives.length + " positives among " + numItems + " items");
    }

    /** Each user's distinct items in {@code store}, ascending: the positives to exclude. */
    public static int[][] positives(InteractionStore store) {
        int[][] out = new int[store.numUsers()][];
        for (int u = 0; u < out.length; u++) {
            out[u] = Arrays.stream(store.userItems(u)).distinct().sorted().toArray();
        }
        return out;
    }
}
