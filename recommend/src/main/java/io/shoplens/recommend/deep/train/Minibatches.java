package io.shoplens.recommend.deep.train;

import io.shoplens.core.data.InteractionStore;
import java.util.SplittableRandom;

/** Mini-batches of example indexes and padded sequences for sequence models. */
public final class Minibatches {
    private Minibatches() {
    }

    /**
     * A random permutation of {@code 0..n-1} (Fisher–Yates with {@code rnd}) cut into batches of
     * {@code batchSize}; the last batch may be smaller.
     */
    public static int[][] shuffled(int n, int batchSize, SplittableRandom rnd) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int batches = (n + batchSize - 1) / batchSize;
        int[][] out = new int[batches][];
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            out[b] = java.util.Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
        }
        return out;
    }

    /**
     * Batches of examples of similar length (a "sortish" sampler): a random permutation is cut into pools of
     * {@code poolBatches × batchSize} examples, each pool is sorted by length (stable) and cut into batches, and the
     * order of all batches is shuffled. Every example appears once; the number of batches is the same as
     * {@link #shuffled}'s.
     */
    public static int[][] bucketed(int[] lengths, int batchSize, int poolBatches, SplittableRandom rnd) {
        int n = lengths.length;
        int[][] flat = shuffled(n, n == 0 ? 1 : n, rnd);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = flat.length == 0 ? i : flat[0][i];
        }
        int pool = Math.max(1, poolBatches) * batchSize;
        int[][] out = new int[count(n, batchSize)][];
        int b = 0;
        for (int from = 0; from < n; from += pool) {
            int to = Math.min(n, from + pool);
            java.util.Arrays.sort(order, from, to, java.util.Comparator.comparingInt(i -> lengths[i]));
            for (int s = from; s < to; s += batchSize) {
                int e = Math.min(to, s + batchSize);
                int[] batch = new int[e - s];
                for (int k = s; k < e; k++) {
                    batch[k - s] = order[k];
                }
                out[b++] = batch;
            }
        }
        for (int i = out.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int[] t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /** Number of batches of {@code batchSize} over {@code n} examples. */
    public static int count(int n, int batchSize) {
        return (n + batchSize - 1) / batchSize;
    }

    /** Users of {@code store} with at least {@code minEvents} events, ascending. */
    public static int[] usersWithAtLeast(InteractionStore store, int minEvents) {
        return java.util.stream.IntStream.range(0, store.numUsers()).filter(u -> store.userLength(u) >= minEvents)
                .toArray();
    }

    /**
     * Writes the last {@code maxLen} entries of {@code items[0..end)} shifted by one (item i becomes i + 1, so
     * that 0 is padding) into {@code out[offset..offset+maxLen)}, right-aligned and left-padded with 0.
     */
    public static void padLeft(int[] items, int end, int maxLen, long[] out, int offset) {
        int n = Math.min(end, maxLen);
        int pad = maxLen - n;
        java.util.Arrays.fill(out, offset, offset + pad, 0L);
        for (int k = 0; k < n; k++) {
            out[offset + pad + k] = items[end - n + k] + 1L;
        }
    }
}
