package io.shoplens.profile;

import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.analytics.Dialect;
import io.shoplens.analytics.Query;
import java.util.List;

/**
 * The user profile table, written once as SQL over the analytics engines' canonical tables and views
 * ({@code events}, {@code items}, {@code ev}, {@code buy_lines}; see {@link Query}) plus, when
 * {@link ProfileOptions#hasUsers()}, {@code users(user_id, age_band, gender, region)} with text user ids. Engine
 * spellings come from {@link Dialect} only, so DuckDB and Spark give equal tables.
 *
 * <p>One row per user with any event, ordered by user id; the columns are {@link #COLUMNS}:
 * <ul>
 *   <li>basic info: {@code age_band, gender, region} (NULL without a users file or for unlisted users);</li>
 *   <li>behaviour: {@code events, pv, cart, fav, buy}; distinct {@code items} and {@code categories};
 *       {@code cart_share, fav_share, buy_share} (of all the user's events);</li>
 *   <li>time: {@code active_days}, {@code first_day}, {@code last_day} (local dates),
 *       {@code days_since_last} (days from the user's last active day to the log's last day), the shares of
 *       events at night (0-5h), morning (6-11h), afternoon (12-17h) and evening (18-23h) in the shop's zone,
 *       and {@code peak_hour} (the hour of the day with most events, the earliest on ties);</li>
 *   <li>categories: the three categories with most events ({@code top_category_1..3}, ties by id) and the share
 *       of the user's categorised events in each;</li>
 *   <li>price: {@code avg_price} (mean catalogue price over the user's events on priced items) and
 *       {@code price_band} 1..5 (1 plus the number of catalogue price quintiles, over items, that the average
 *       exceeds); NULL without prices;</li>
 *   <li>RFM as in the analytics report ({@link Query#RFM_USERS}: {@code recency_days, frequency, monetary},
 *       scores 1..5, {@code rfm_segment}); NULL for users who never bought;</li>
 *   <li>{@code lifecycle}: {@code churned} when {@code days_since_last >= churnDays}, else {@code at-risk} when
 *       {@code >= atRiskDays}, else {@code new} when the first active day is fewer than {@code newDays} days before
 *       the log's last day, else {@code active};</li>
 *   <li>{@code tags}: the names of the {@link TagRules} whose expression is true, comma-separated in rule
 *       order (empty when none).</li>
 * </ul>
 */
public final class ProfileSql {
    /** The profile's columns, in order (tag expressions may use every one but {@code tags}). */
    public static final List<String> COLUMNS = List.of("user_id", "age_band", "gender", "region",
            "events", "pv", "cart", "fav", "buy", "items", "categories", "cart_share", "fav_share", "buy_share",
            "active_days", "first_day", "last_day", "days_since_last",
            "night_share", "morning_share", "afternoon_share", "evening_share", "peak_hour",
            "top_category_1", "top_category_1_share", "top_category_2", "top_category_2_share",
            "top_category_3", "top_category_3_share", "avg_price", "price_band",
            "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "rfm_segment",
            "lifecycle", "tags");

    private ProfileSql() {
    }

    /** The profile query in dialect {@code d}. */
    public static String sql(Dialect d, ProfileOptions o, TagRules tags) {
        AnalyticsOptions a = o.analytics();
        StringBuilder cuts = new StringBuilder();
        for (int k = 1; k <= 4; k++) {
            cuts.append(k == 1 ? "" : ", ").append("MAX(CASE WHEN pos = ").append(d.intDiv("n * " + k + " + 4", "5"))
                    .append(" THEN price END) AS c").append(k);
        }
        StringBuilder band = new StringBuilder("CAST(1");
        for (int k = 1; k <= 4; k++) {
            band.append(" + CASE WHEN up.avg_price > pc.c").append(k).append(" THEN 1 ELSE 0 END");
        }
        band.append(" AS BIGINT)");
        String share = "CAST(%s AS DOUBLE) / u.events";
        String inner = "WITH lastd AS (SELECT MAX(day_index) AS last_day FROM ev), "
                + "u AS (SELECT user_id, COUNT(*) AS events, "
                + count("behavior = 'pv'") + " AS pv, "
                + count("behavior = 'cart'") + " AS cart, "
                + count("behavior = 'fav'") + " AS fav, "
                + count("behavior = 'buy'") + " AS buy, "
                + "COUNT(DISTINCT item_id) AS items, COUNT(DISTINCT category_id) AS categories, "
                + "COUNT(DISTINCT day_index) AS active_days, MIN(day_index) AS first_di, MAX(day_index) AS last_di, "
                + count("hour < 6") + " AS night, "
                + count("hour >= 6 AND hour < 12") + " AS morning, "
                + count("hour >= 12 AND hour < 18") + " AS afternoon, "
                + count("hour >= 18") + " AS evening, "
                + "COUNT(category_id) AS categorised FROM ev GROUP BY user_id), "
                + "hr AS (SELECT user_id, hour, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY COUNT(*) DESC, hour) "
                + "AS rn FROM ev GROUP BY user_id, hour), "
                + "cr AS (SELECT user_id, category_id, COUNT(*) AS n, "
                + "ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY COUNT(*) DESC, category_id) AS rn FROM ev "
                + "WHERE category_id IS NOT NULL GROUP BY user_id, category_id), "
                + "tc AS (SELECT user_id, "
                + "MAX(CASE WHEN rn = 1 THEN category_id END) AS top_category_1, "
                + "MAX(CASE WHEN rn = 1 THEN n END) AS n1, "
                + "MAX(CASE WHEN rn = 2 THEN category_id END) AS top_category_2, "
                + "MAX(CASE WHEN rn = 2 THEN n END) AS n2, "
                + "MAX(CASE WHEN rn = 3 THEN category_id END) AS top_category_3, "
                + "MAX(CASE WHEN rn = 3 THEN n END) AS n3 FROM cr WHERE rn <= 3 GROUP BY user_id), "
                + "ip AS (SELECT item_id, price FROM items WHERE price IS NOT NULL), "
                + "ipr AS (SELECT price, ROW_NUMBER() OVER (ORDER BY price) AS pos, COUNT(*) OVER () AS n FROM ip), "
                + "pc AS (SELECT " + cuts + " FROM ipr), "
                + "up AS (SELECT e.user_id, CAST(SUM(p.price) AS DOUBLE) / COUNT(*) AS avg_price FROM ev e "
                + "JOIN ip p ON e.item_id = p.item_id GROUP BY e.user_id), "
                + "rfm AS (" + Query.RFM_USERS.sql(d, a) + ") "
                + "SELECT u.user_id, "
                + (o.hasUsers() ? "us.age_band, us.gender, us.region, "
                : "CAST(NULL AS STRING) AS age_band, CAST(NULL AS STRING) AS gender, "
                + "CAST(NULL AS STRING) AS region, ")
                + "u.events, u.pv, u.cart, u.fav, u.buy, u.items, u.categories, "
                + String.format(share, "u.cart") + " AS cart_share, "
                + String.format(share, "u.fav") + " AS fav_share, "
                + String.format(share, "u.buy") + " AS buy_share, "
                + "u.active_days, " + d.dateOfEpochDay("u.first_di") + " AS first_day, "
                + d.dateOfEpochDay("u.last_di") + " AS last_day, l.last_day - u.last_di AS days_since_last, "
                + String.format(share, "u.night") + " AS night_share, "
                + String.format(share, "u.morning") + " AS morning_share, "
                + String.format(share, "u.afternoon") + " AS afternoon_share, "
                + String.format(share, "u.evening") + " AS evening_share, "
                + "hr.hour AS peak_hour, "
                + "tc.top_category_1, CAST(tc.n1 AS DOUBLE) / NULLIF(u.categorised, 0) AS top_category_1_share, "
                + "tc.top_category_2, CAST(tc.n2 AS DOUBLE) / NULLIF(u.categorised, 0) AS top_category_2_share, "
                + "tc.top_category_3, CAST(tc.n3 AS DOUBLE) / NULLIF(u.categorised, 0) AS top_category_3_share, "
                + "up.avg_price, CASE WHEN up.avg_price IS NULL THEN NULL ELSE " + band + " END AS price_band, "
                + "rfm.recency_days, rfm.frequency, rfm.monetary, rfm.r_score, rfm.f_score, rfm.m_score, "
                + "rfm.segment AS rfm_segment, "
                + "CASE WHEN l.last_day - u.last_di >= " + o.churnDays() + " THEN 'churned' "
                + "WHEN l.last_day - u.last_di >= " + o.atRiskDays() + " THEN 'at-risk' "
                + "WHEN l.last_day - u.first_di < " + o.newDays() + " THEN 'new' ELSE 'active' END AS lifecycle "
                + "FROM u CROSS JOIN lastd l CROSS JOIN pc "
                + "JOIN hr ON hr.user_id = u.user_id AND hr.rn = 1 "
                + "LEFT JOIN tc ON tc.user_id = u.user_id "
                + "LEFT JOIN up ON up.user_id = u.user_id "
                + "LEFT JOIN rfm ON rfm.user_id = u.user_id "
                + (o.hasUsers() ? "LEFT JOIN users us ON us.user_id = CAST(u.user_id AS STRING) " : "");
        return "SELECT p.*, " + tags.sqlColumn() + " AS tags FROM (" + inner + ") p ORDER BY p.user_id";
    }

    /** The number of rows where {@code condition} holds, as BIGINT in both engines (DuckDB's SUM gives HUGEINT). */
    private static String count(String condition) {
        return "CAST(SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END) AS BIGINT)";
    }
}
