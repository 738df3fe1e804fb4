package io.shoplens.core.io;

import java.nio.file.Path;
import java.time.Instant;

/**
 * How readers validate and where they quarantine.
 *
 * @param quarantineDir folder for {@code <file>.rejected.tsv} files (created on the first rejected row)
 * @param maxBadRatio   largest accepted share of rejected rows in [0, 1]; {@code null} takes the format's default
 *                      ({@link EventFormat#defaultMaxBadRatio()})
 * @param minEpochSecond smallest valid timestamp (inclusive), epoch seconds UTC
 * @param maxEpochSecond largest valid timestamp (exclusive), epoch seconds UTC
 */
public record LoadOptions(Path quarantineDir, Double maxBadRatio, long minEpochSecond, long maxEpochSecond) {
    /** 1990-01-01T00:00:00Z. */
    public static final long DEFAULT_MIN_TIME = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond();
    /** 2060-01-01T00:00:00Z; the store encodes times as int seconds from 2000-01-01, which reaches 2068. */
    public static final long DEFAULT_MAX_TIME = Instant.parse("2060-01-01T00:00:00Z").getEpochSecond();

    public LoadOptions {
        if (quarantineDir == null) {
            throw new IllegalArgumentException("quarantineDir must be given");
        }
        if (maxBadRatio != null && !(maxBadRatio >= 0 && maxBadRatio <= 1)) {
            throw new IllegalArgumentException("max bad-row ratio must be in [0, 1], got " + maxBadRatio);
        }
        if (minEpochSecond >= maxEpochSecond) {
            throw new IllegalArgumentException("time range [" + minEpochSecond + ", " + maxEpochSecond
                    + ") is empty");
        }
    }

    /** Defaults: format's bad-row ratio, times in [1990, 2060). */
    public static LoadOptions defaults(Path quarantineDir) {
        return new LoadOptions(quarantineDir, null, DEFAULT_MIN_TIME, DEFAULT_MAX_TIME);
    }

    /** A copy with another maximum bad-row ratio. */
    public LoadOptions withMaxBadRatio(double ratio) {
        return new LoadOptions(quarantineDir, ratio, minEpochSecond, maxEpochSecond);
    }
}
