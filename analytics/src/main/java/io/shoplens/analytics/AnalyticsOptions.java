package io.shoplens.analytics;

/**
 * How the report is computed.
 *
 * @param utcOffsetHours the shop's time zone as a fixed offset east of UTC in hours, -12..14: days and hours of
 *                       the day are local to it (8 = Beijing, the zone of Taobao's logs)
 * @param topN           rows of each top-items and top-categories table, 1..100,000
 * @param hasPrices      whether an item catalogue with prices is registered: RFM's monetary value is then revenue
 *                       (sum of catalogue prices of bought items), otherwise the number of items bought
 */
public record AnalyticsOptions(int utcOffsetHours, int topN, boolean hasPrices) {
    /** The zone of Taobao's UserBehavior logs and of the synthetic generator's rhythm. */
    public static final int BEIJING = 8;
    /** Default {@link #topN()}. */
    public static final int DEFAULT_TOP_N = 20;

    public AnalyticsOptions {
        if (utcOffsetHours < -12 || utcOffsetHours > 14) {
            throw new IllegalArgumentException("UTC offset must be in -12..14 hours, got " + utcOffsetHours);
        }
        if (topN < 1 || topN > 100_000) {
            throw new IllegalArgumentException("top N must be in 1..100000, got " + topN);
        }
    }

    /** Beijing time, top 20, no prices. */
    public static AnalyticsOptions defaults() {
        return new AnalyticsOptions(BEIJING, DEFAULT_TOP_N, false);
    }

    /** A copy with {@link #hasPrices()} set. */
    public AnalyticsOptions withPrices(boolean prices) {
        return new AnalyticsOptions(utcOffsetHours, topN, prices);
    }

    /** The offset in seconds. */
    public long offsetSeconds() {
        return utcOffsetHours * 3600L;
    }
}
