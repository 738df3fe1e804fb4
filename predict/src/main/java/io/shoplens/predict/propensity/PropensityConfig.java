package io.shoplens.predict.propensity;

/**
 * How a purchase-propensity experiment cuts time.
 *
 * <p>With horizon H and test cut-off T: test rows have features before T and labels in [T, T+H); validation rows
 * features before T-H and labels in [T-H, T); training rows stack {@code trainCutoffs} cut-offs T-2H, T-3H, ...
 * each with features before it and labels in the following H. Nothing after a row's cut-off reaches its features.
 *
 * @param horizonSeconds    H in seconds, at least 60
 * @param testCutoff        T in epoch seconds, or null for "the last event + 1 second - H" (the last complete
 *                          window)
 * @param category          category index whose purchases count, or -1 for any purchase
 * @param utcOffsetHours    the shop's time zone for hour-of-day features, -12..14
 * @param trainCutoffs      training cut-offs stacked, 1..100
 * @param importanceRepeats shuffles per feature for permutation importance, 1..100
 * @param seed              seed of permutation importance (learners carry their own seeds)
 */
public record PropensityConfig(long horizonSeconds, Long testCutoff, int category, int utcOffsetHours,
                               int trainCutoffs, int importanceRepeats, long seed) {
    public PropensityConfig {
        if (horizonSeconds < 60) {
            throw new IllegalArgumentException("horizon must be at least 60 seconds, got " + horizonSeconds);
        }
        if (utcOffsetHours < -12 || utcOffsetHours > 14) {
            throw new IllegalArgumentException("utcOffsetHours must be in -12..14, got " + utcOffsetHours);
        }
        if (trainCutoffs < 1 || trainCutoffs > 100) {
            throw new IllegalArgumentException("trainCutoffs must be in 1..100, got " + trainCutoffs);
        }
        if (importanceRepeats < 1 || importanceRepeats > 100) {
            throw new IllegalArgumentException("importanceRepeats must be in 1..100, got " + importanceRepeats);
        }
    }

    /** Horizon H, any purchase, Beijing time, one training cut-off, 3 importance repeats, seed 42. */
    public static PropensityConfig of(long horizonSeconds) {
        return new PropensityConfig(horizonSeconds, null, -1, 8, 1, 3, 42);
    }

    /** A copy with {@code n} stacked training cut-offs. */
    public PropensityConfig withTrainCutoffs(int n) {
        return new PropensityConfig(horizonSeconds, testCutoff, category, utcOffsetHours, n, importanceRepeats, seed);
    }

    /** A copy with a category filter (-1 for any purchase). */
    public PropensityConfig withCategory(int c) {
        return new PropensityConfig(horizonSeconds, testCutoff, c, utcOffsetHours, trainCutoffs, importanceRepeats,
                seed);
    }
}
