package io.shoplens.profile;

import io.shoplens.analytics.AnalyticsOptions;

/**
 * How profiles are computed.
 *
 * @param analytics  the shop's time zone (days and hours are local to it) and whether a priced catalogue is given
 *                   (price band and monetary value need it); its top N is not used
 * @param hasUsers   whether a user attributes table ({@code users(user_id, age_band, gender, region)}) is registered
 * @param newDays    lifecycle: a user first seen fewer than this many days before the log's last day is "new",
 *                   1..3,650
 * @param atRiskDays lifecycle: a user last seen at least this many days before the log's last day is "at-risk",
 *                   1..3,650
 * @param churnDays  lifecycle: a user last seen at least this many days before the log's last day is "churned",
 *                   atRiskDays+1..3,650
 */
public record ProfileOptions(AnalyticsOptions analytics, boolean hasUsers, int newDays, int atRiskDays,
                             int churnDays) {
    /** Default {@link #newDays()}. */
    public static final int NEW_DAYS = 3;
    /** Default {@link #atRiskDays()}. */
    public static final int AT_RISK_DAYS = 3;
    /** Default {@link #churnDays()}. */
    public static final int CHURN_DAYS = 7;

    public ProfileOptions {
        if (analytics == null) {
            throw new IllegalArgumentException("analytics options must be given");
        }
        check("newDays", newDays);
        check("atRiskDays", atRiskDays);
        check("churnDays", churnDays);
        if (churnDays <= atRiskDays) {
            throw new IllegalArgumentException("churnDays (" + churnDays + ") must be larger than atRiskDays ("
                    + atRiskDays + ")");
        }
    }

    /** Lifecycle thresholds 3, 3 and 7 days, no user attributes. */
    public static ProfileOptions of(AnalyticsOptions analytics) {
        return new ProfileOptions(analytics, false, NEW_DAYS, AT_RISK_DAYS, CHURN_DAYS);
    }

    /** A copy with {@link #hasUsers()} set. */
    public ProfileOptions withUsers(boolean users) {
        return new ProfileOptions(analytics, users, newDays, atRiskDays, churnDays);
    }

    /** A copy with other lifecycle thresholds. */
    public ProfileOptions withLifecycle(int newD, int atRiskD, int churnD) {
        return new ProfileOptions(analytics, hasUsers, newD, atRiskD, churnD);
    }

    private static void check(String name, int days) {
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException(name + " must be in 1..3650 days, got " + days);
        }
    }
}
