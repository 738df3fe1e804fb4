package io.shoplens.core.eval;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.SplittableRandom;

/**
 * Draws distinct negative items a user never touched, uniformly or in proportion to training popularity.
 * Thread-safe: the random source is passed in.
 */
final class NegativeSampler {
    private final Protocol.Sampling sampling;
    private final long[] cumulative;
    private final int popularItems;

    NegativeSampler(Protocol.Sampling sampling, long[] popularity) {
        this.sampling = sampling;
        cumulative = new long[popularity.length];
        long sum = 0;
        int nonZero = 0;
        for (int i = 0; i < popularity.length; i++) {
            sum += popularity[i];
            cumulative[i] = sum;
            if (popularity[i] > 0) {
                nonZero++;
            }
        }
        popularItems = nonZero;
    }

    /** Up to {@code n} distinct items in {@code 0..numItems-1} not in {@code excluded}. */
    int[] sample(int n, IntOpenHashSet excluded, int numItems, SplittableRandom rnd) {
        int available = numItems - excluded.size();
        if (sampling == Protocol.Sampling.POPULARITY) {
            int popularExcluded = 0;
            for (int i : excluded) {
                if (i < cumulative.length && popularityOf(i) > 0) {
                    popularExcluded++;
                }
            }
            available = Math.min(available, popularItems - popularExcluded);
        }
        int want = Math.min(n, Math.max(available, 0));
        int[] out = new int[want];
        IntOpenHashSet chosen = new IntOpenHashSet(want * 2);
        int got = 0;
        while (got < want) {
            int item = sampling == Protocol.Sampling.UNIFORM ? rnd.nextInt(numItems) : drawPopular(rnd);
            if (!excluded.contains(item) && chosen.add(item)) {
                out[got++] = item;
            }
        }
        return out;
    }

    private long popularityOf(int i) {
        return cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
    }

    private int drawPopular(SplittableRandom rnd) {
        long total = cumulative[cumulative.length - 1];
        long r = rnd.nextLong(total);
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
}
