package io.shoplens.core.split;

import io.shoplens.core.data.InteractionStore;
import java.time.Instant;
import java.util.Arrays;

/**
 * Global temporal cut-off: events before {@code validationStart} train, events in
 * [{@code validationStart}, {@code testStart}) validate, events from {@code testStart} on test. This is the
 * split that matches deployment (the model never sees the future). Targets follow {@link HoldoutBuilder}: new
 * items the user touched in the period.
 *
 * @param validationStart first time of the validation period (epoch seconds, or ordinal)
 * @param testStart       first time of the test period, at least {@code validationStart}
 */
public record TemporalSplit(long validationStart, long testStart) implements Splitter {
    public TemporalSplit {
        if (testStart < validationStart) {
            throw new IllegalArgumentException("test period start " + testStart + " is before validation start "
                    + validationStart);
        }
    }

    /**
     * Cut-offs at time quantiles of {@code all}: the last {@code testFraction} of events test and the
     * {@code validationFraction} before them validate.
     */
    public static TemporalSplit ofFractions(InteractionStore all, double validationFraction, double testFraction) {
        if (!(validationFraction > 0 && testFraction > 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("validation and test fractions must be > 0 with a sum < 1, got "
                    + validationFraction + " and " + testFraction);
        }
        long[] times = new long[all.numEvents()];
        for (int p = 0; p < times.length; p++) {
            times[p] = all.timeAt(p);
        }
        Arrays.sort(times);
        int n = times.length;
        long test = times[Math.min(n - 1, (int) Math.floor(n * (1 - testFraction)))];
        long valid = times[Math.min(n - 1, (int) Math.floor(n * (1 - testFraction - validationFraction)))];
        return new TemporalSplit(valid, test);
    }

    @Override
    public Split split(InteractionStore all) {
        byte[] part = new byte[all.numEvents()];
        for (int p = 0; p < part.length; p++) {
            long t = all.timeAt(p);
            part[p] = t >= testStart ? HoldoutBuilder.TEST
                    : t >= validationStart ? HoldoutBuilder.VALIDATION : HoldoutBuilder.TRAIN;
        }
        return HoldoutBuilder.build(describe(), all, part);
    }

    @Override
    public String describe() {
        return "temporal (validation from " + when(validationStart) + ", test from " + when(testStart) + ")";
    }

    private static String when(long t) {
        return t > 315_532_800L ? Instant.ofEpochSecond(t).toString() : "ordinal " + t;
    }
}
