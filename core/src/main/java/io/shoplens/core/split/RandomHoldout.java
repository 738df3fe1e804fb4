package io.shoplens.core.split;

import io.shoplens.core.data.InteractionStore;
import java.util.SplittableRandom;

/**
 * Random holdout by user: for each user with at least {@code minEvents} events, a random {@code testFraction}
 * of the events (at least one) test and a random {@code validationFraction} (at least one) validate; the rest
 * train. Deterministic for a seed: each user's draw depends only on the seed and the user index.
 *
 * @param validationFraction in (0, 1)
 * @param testFraction       in (0, 1), with a sum below 1
 * @param minEvents          at least 3
 * @param seed               random seed
 */
public record RandomHoldout(double validationFraction, double testFraction, int minEvents, long seed)
        implements Splitter {
    public RandomHoldout {
        if (!(validationFraction > 0 && testFraction > 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("validation and test fractions must be > 0 with a sum < 1, got "
                    + validationFraction + " and " + testFraction);
        }
        if (minEvents < 3) {
            throw new IllegalArgumentException("random holdout needs minEvents >= 3, got " + minEvents);
        }
    }

    @Override
    public Split split(InteractionStore all) {
        byte[] part = new byte[all.numEvents()];
        for (int u = 0; u < all.numUsers(); u++) {
            int s = all.userStart(u);
            int n = all.userLength(u);
            if (n < minEvents) {
                continue;
            }
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + u);
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int nTest = Math.max(1, (int) Math.round(n * testFraction));
            int nValid = Math.max(1, (int) Math.round(n * validationFraction));
            for (int i = 0; i < n; i++) {
                part[s + order[i]] = i < nTest ? HoldoutBuilder.TEST
                        : i < nTest + nValid ? HoldoutBuilder.VALIDATION : HoldoutBuilder.TRAIN;
            }
        }
        return HoldoutBuilder.build(describe(), all, part);
    }

    @Override
    public String describe() {
        return String.format("random holdout by user (validation %.0f%%, test %.0f%%, users with >= %d events, "
                + "seed %d)", 100 * validationFraction, 100 * testFraction, minEvents, seed);
    }
}
