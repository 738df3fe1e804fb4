package io.shoplens.analytics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The analytics report: every query written once, as SQL over the canonical tables, with the engine-specific
 * spellings taken from a {@link Dialect}.
 *
 * <p>An engine registers two tables, then the views of {@link #views}:
 * <ul>
 *   <li>{@code events(user_id, item_id, category_id, behavior, ts)}: one row per accepted event; ids BIGINT (or
 *       VARCHAR for formats with text ids), {@code category_id} NULL when the source has none, {@code behavior}
 *       one of {@code pv}, {@code cart}, {@code fav}, {@code buy}, {@code ts} epoch seconds UTC;</li>
 *   <li>{@code items(item_id, price)}: the catalogue's prices as DECIMAL(12,2) yuan (or whatever currency the
 *       catalogue uses), empty when no catalogue was given ({@link #emptyItemsSql()}).</li>
 * </ul>
 * The views add the local day ({@code day_index}: days since 1970-01-01 in the report's time zone) and hour of
 * the day (0..23) to every event ({@code ev}), and join purchases with prices ({@code buy_lines}).
 *
 * <p>Definitions. PV = page-view events; UV = distinct users with a page view; DAU = distinct users with any
 * event. The funnel is per user and nested: of the users with a page view (in the day, category or whole log),
 * those who also carted or favourited, and of those, the ones who also bought; rates divide consecutive stages.
 * Retention: a user's cohort is the first day with any event in the log (users active before the log began land
 * in its first cohort); day-N retention is the share of the cohort active N days later. Taobao logs carry no
 * orders, so a basket is one user's purchases on one day, sales are counted in items bought, and revenue is the
 * sum of catalogue prices of bought items when a catalogue with prices is given (NULL otherwise). RFM over buyers:
 * recency = days from the last purchase to the log's last day, frequency = days with a purchase, monetary =
 * revenue (or items bought without prices); each is scored 1..5 by its quintiles (recency reversed: recent is 5),
 * and a score is "high" when at least the buyers' mean score; the eight high/low combinations are the classic
 * segments (Hughes 1994; the eight-segment naming of Chinese e-commerce practice).
 *
 * <p>Every query orders its rows completely (ties broken by id), so two engines give identical tables.
 */
public enum Query {
    /** One row: events, users, items, categories, first and last day, behaviour counts. */
    OVERVIEW("overview", "events, users, items, categories, period and behaviour mix", false),
    /** PV, UV, DAU per local day. */
    DAILY_TRAFFIC("daily_traffic", "PV, UV and DAU per day", false),
    /** PV, UV, active users per hour of the local day, all days together. */
    HOURLY_TRAFFIC("hourly_traffic", "PV, UV and active users per hour of the day", false),
    /** The nested user funnel over the whole log. */
    FUNNEL("funnel", "user funnel pv -> cart/fav -> buy over the whole log", false),
    /** The nested user funnel per day. */
    FUNNEL_DAILY("funnel_daily", "user funnel pv -> cart/fav -> buy per day", false),
    /** The nested user funnel per category (events without a category left out). */
    FUNNEL_CATEGORY("funnel_category", "user funnel pv -> cart/fav -> buy per category", true),
    /** Day-N retention of first-activity cohorts. */
    RETENTION("retention", "day-N retention of first-activity-day cohorts", false),
    /** Buyers who bought more than once, and on more than one day. */
    REPURCHASE("repurchase", "repurchase: buyers with two or more purchases and with purchases on two or more days",
            false),
    /** Most viewed items. */
    TOP_ITEMS_BY_VIEWS("top_items_by_views", "most viewed items", false),
    /** Most bought items. */
    TOP_ITEMS_BY_SALES("top_items_by_sales", "most bought items (items sold; revenue when priced)", false),
    /** Most viewed categories. */
    TOP_CATEGORIES_BY_VIEWS("top_categories_by_views", "most viewed categories", false),
    /** Most bought categories. */
    TOP_CATEGORIES_BY_SALES("top_categories_by_sales", "most bought categories (items sold; revenue when priced)",
            false),
    /** RFM scores and segment of every buyer. */
    RFM_USERS("rfm_users", "RFM scores (quintiles 1..5) and segment of every buyer", true),
    /** Buyers per RFM segment. */
    RFM_SEGMENTS("rfm_segments", "buyers per RFM segment (R, F, M high/low against the mean score)", false),
    /** Average basket (one user's purchases on one day). */
    BASKET("basket", "average basket: one user's purchases on one day", false),
    /** Items sold, buyers and revenue per day. */
    SALES_DAILY("sales_daily", "items sold, buyers and revenue per day", false);

    /** Segment names by R, F, M high (true) or low, in the order HHH, HHL, HLH, HLL, LHH, LHL, LLH, LLL. */
    public static final Map<String, String> SEGMENTS = segments();

    private static final String PV = "CASE WHEN behavior = 'pv' THEN 1 ELSE 0 END";

    private final String table;
    private final String description;
    private final boolean large;

    Query(String table, String description, boolean large) {
        this.table = table;
        this.description = description;
        this.large = large;
    }

    /** The result table's name (also its file name). */
    public String table() {
        return table;
    }

    /** What the table holds, one phrase. */
    public String description() {
        return description;
    }

    /** True when the table grows with users or categories (kept out of {@code analytics.json}, files only). */
    public boolean large() {
        return large;
    }

    /** The query named {@code name} (its table name, case-insensitive). */
    public static Query byTable(String name) {
        for (Query q : values()) {
            if (q.table.equalsIgnoreCase(name)) {
                return q;
            }
        }
        throw new IllegalArgumentException("no analytics query named '" + name + "'");
    }

    /**
     * The views every query reads, in creation order, by name: {@code ev} (events with {@code day_index} and
     * {@code hour}) and {@code buy_lines} (purchases with the catalogue price or NULL).
     */
    public static Map<String, String> views(Dialect d, AnalyticsOptions o) {
        String local = "(ts + " + o.offsetSeconds() + ")";
        Map<String, String> v = new LinkedHashMap<>();
        v.put("ev", "SELECT user_id, item_id, category_id, behavior, ts, "
                + d.intDiv(local, "86400") + " AS day_index, "
                + d.intDiv(local + " % 86400", "3600") + " AS hour FROM events");
        v.put("buy_lines", "SELECT e.user_id, e.item_id, e.category_id, e.day_index, p.price "
                + "FROM ev e LEFT JOIN items p ON e.item_id = p.item_id WHERE e.behavior = 'buy'");
        return v;
    }

    /** An {@code items} table without rows, for reports without a catalogue (item_id typed like the events'). */
    public static String emptyItemsSql() {
        return "SELECT item_id, CAST(NULL AS DECIMAL(12,2)) AS price FROM events WHERE 1 = 0";
    }

    /** This query's SQL for dialect {@code d}. */
    public String sql(Dialect d, AnalyticsOptions o) {
        return switch (this) {
            case OVERVIEW -> "SELECT COUNT(*) AS events, COUNT(DISTINCT user_id) AS users, "
                    + "COUNT(DISTINCT item_id) AS items, COUNT(DISTINCT category_id) AS categories, "
                    + d.dateOfEpochDay("MIN(day_index)") + " AS first_day, "
                    + d.dateOfEpochDay("MAX(day_index)") + " AS last_day, "
                    + "MAX(day_index) - MIN(day_index) + 1 AS days, " + behaviourCounts() + " FROM ev";
            case DAILY_TRAFFIC -> "SELECT day, events, pv, uv, dau, CAST(pv AS DOUBLE) / NULLIF(uv, 0) AS pv_per_uv "
                    + "FROM (SELECT " + d.dateOfEpochDay("day_index") + " AS day, COUNT(*) AS events, SUM(" + PV
                    + ") AS pv, COUNT(DISTINCT CASE WHEN behavior = 'pv' THEN user_id END) AS uv, "
                    + "COUNT(DISTINCT user_id) AS dau FROM ev GROUP BY day_index) t ORDER BY day";
            case HOURLY_TRAFFIC -> "SELECT hour, COUNT(*) AS events, SUM(" + PV + ") AS pv, "
                    + "COUNT(DISTINCT CASE WHEN behavior = 'pv' THEN user_id END) AS uv, "
                    + "COUNT(DISTINCT user_id) AS active_users FROM ev GROUP BY hour ORDER BY hour";
            case FUNNEL -> funnel(null, null, null);
            case FUNNEL_DAILY -> funnel("day_index", d.dateOfEpochDay("day_index") + " AS day", null);
            case FUNNEL_CATEGORY -> funnel("category_id", "category_id", "category_id IS NOT NULL");
            case RETENTION -> "WITH active AS (SELECT DISTINCT user_id, day_index FROM ev), "
                    + "first_day AS (SELECT user_id, MIN(day_index) AS cohort FROM active GROUP BY user_id), "
                    + "sizes AS (SELECT cohort, COUNT(*) AS cohort_users FROM first_day GROUP BY cohort), "
                    + "back AS (SELECT f.cohort, a.day_index - f.cohort AS day_n, COUNT(*) AS users "
                    + "FROM active a JOIN first_day f ON a.user_id = f.user_id "
                    + "GROUP BY f.cohort, a.day_index - f.cohort) "
                    + "SELECT " + d.dateOfEpochDay("b.cohort") + " AS cohort_day, b.day_n, s.cohort_users, "
                    + "b.users AS active_users, CAST(b.users AS DOUBLE) / s.cohort_users AS retention "
                    + "FROM back b JOIN sizes s ON b.cohort = s.cohort ORDER BY b.cohort, b.day_n";
            case REPURCHASE -> "WITH b AS (SELECT user_id, COUNT(*) AS units, COUNT(DISTINCT day_index) AS buy_days "
                    + "FROM buy_lines GROUP BY user_id) "
                    + "SELECT COUNT(*) AS buyers, "
                    + "SUM(CASE WHEN units >= 2 THEN 1 ELSE 0 END) AS multi_purchase_buyers, "
                    + "SUM(CASE WHEN buy_days >= 2 THEN 1 ELSE 0 END) AS repeat_day_buyers, "
                    + "CAST(SUM(CASE WHEN units >= 2 THEN 1 ELSE 0 END) AS DOUBLE) / NULLIF(COUNT(*), 0) "
                    + "AS multi_purchase_rate, "
                    + "CAST(SUM(CASE WHEN buy_days >= 2 THEN 1 ELSE 0 END) AS DOUBLE) / NULLIF(COUNT(*), 0) "
                    + "AS repurchase_rate FROM b";
            case TOP_ITEMS_BY_VIEWS -> topByViews("item_id", o.topN());
            case TOP_ITEMS_BY_SALES -> topBySales("item_id", o.topN());
            case TOP_CATEGORIES_BY_VIEWS -> topByViews("category_id", o.topN());
            case TOP_CATEGORIES_BY_SALES -> topBySales("category_id", o.topN());
            case RFM_USERS -> "SELECT user_id, recency_days, frequency, CAST(monetary AS DOUBLE) AS monetary, "
                    + "r_score, f_score, m_score, rfm_class, segment FROM (" + rfm(d, o) + ") r ORDER BY user_id";
            case RFM_SEGMENTS -> "SELECT rfm_class, segment, COUNT(*) AS users, "
                    + "CAST(COUNT(*) AS DOUBLE) / SUM(COUNT(*)) OVER () AS share, "
                    + "CAST(SUM(recency_days) AS DOUBLE) / COUNT(*) AS avg_recency_days, "
                    + "CAST(SUM(frequency) AS DOUBLE) / COUNT(*) AS avg_frequency, "
                    + "CAST(SUM(monetary) AS DOUBLE) / COUNT(*) AS avg_monetary "
                    + "FROM (" + rfm(d, o) + ") r GROUP BY rfm_class, segment ORDER BY rfm_class DESC";
            case BASKET -> "WITH b AS (SELECT user_id, day_index, COUNT(*) AS units, COUNT(DISTINCT item_id) AS items, "
                    + "SUM(price) AS basket_value FROM buy_lines GROUP BY user_id, day_index) "
                    + "SELECT COUNT(*) AS baskets, "
                    + "CAST(SUM(units) AS DOUBLE) / NULLIF(COUNT(*), 0) AS avg_units, "
                    + "CAST(SUM(items) AS DOUBLE) / NULLIF(COUNT(*), 0) AS avg_distinct_items, "
                    + "SUM(CASE WHEN units >= 2 THEN 1 ELSE 0 END) AS multi_unit_baskets, "
                    + "COUNT(basket_value) AS priced_baskets, "
                    + "CAST(SUM(basket_value) AS DOUBLE) / NULLIF(COUNT(basket_value), 0) AS avg_value FROM b";
            case SALES_DAILY -> "SELECT " + d.dateOfEpochDay("day_index") + " AS day, COUNT(*) AS units, "
                    + "COUNT(DISTINCT user_id) AS buyers, COUNT(DISTINCT item_id) AS items, "
                    + "COUNT(price) AS priced_units, CAST(SUM(price) AS DOUBLE) AS revenue "
                    + "FROM buy_lines GROUP BY day_index ORDER BY day_index";
        };
    }

    private static String behaviourCounts() {
        return "SUM(" + PV + ") AS pv, SUM(CASE WHEN behavior = 'cart' THEN 1 ELSE 0 END) AS cart, "
                + "SUM(CASE WHEN behavior = 'fav' THEN 1 ELSE 0 END) AS fav, "
                + "SUM(CASE WHEN behavior = 'buy' THEN 1 ELSE 0 END) AS buy";
    }

    /**
     * The nested user funnel grouped by {@code key} (null: the whole log), showing {@code keyOut} (an expression
     * over the key), over events satisfying {@code where} (null: all).
     */
    private static String funnel(String key, String keyOut, String where) {
        String k = key == null ? "" : key + ", ";
        String group = key == null ? "" : " GROUP BY " + key;
        return "WITH u AS (SELECT " + k + "user_id, " + behaviourCounts() + " FROM ev"
                + (where == null ? "" : " WHERE " + where) + " GROUP BY " + k + "user_id), "
                + "f AS (SELECT " + k + "SUM(pv) AS pv_events, SUM(cart) AS cart_events, SUM(fav) AS fav_events, "
                + "SUM(buy) AS buy_events, "
                + "SUM(CASE WHEN pv > 0 THEN 1 ELSE 0 END) AS pv_users, "
                + "SUM(CASE WHEN pv > 0 AND cart + fav > 0 THEN 1 ELSE 0 END) AS cart_fav_users, "
                + "SUM(CASE WHEN pv > 0 AND cart + fav > 0 AND buy > 0 THEN 1 ELSE 0 END) AS buy_users, "
                + "SUM(CASE WHEN buy > 0 THEN 1 ELSE 0 END) AS buyers FROM u" + group + ") "
                + "SELECT " + (keyOut == null ? "" : keyOut + ", ")
                + "pv_events, cart_events, fav_events, buy_events, pv_users, cart_fav_users, buy_users, buyers, "
                + "CAST(cart_fav_users AS DOUBLE) / NULLIF(pv_users, 0) AS pv_to_cart_fav, "
                + "CAST(buy_users AS DOUBLE) / NULLIF(cart_fav_users, 0) AS cart_fav_to_buy, "
                + "CAST(buy_users AS DOUBLE) / NULLIF(pv_users, 0) AS pv_to_buy FROM f"
                + (key == null ? "" : " ORDER BY " + key + " NULLS LAST");
    }

    /**
     * The {@code n} keys with most page views, then their distinct viewers (counted for those keys only: a
     * distinct count per key over all keys costs far more than the top list).
     */
    private static String topByViews(String key, int n) {
        return "WITH t AS (SELECT " + key + ", COUNT(*) AS views FROM ev WHERE behavior = 'pv' AND " + key
                + " IS NOT NULL GROUP BY " + key + " ORDER BY views DESC, " + key + " LIMIT " + n + "), "
                + "w AS (SELECT e." + key + ", COUNT(DISTINCT e.user_id) AS viewers FROM ev e JOIN t ON e." + key
                + " = t." + key + " WHERE e.behavior = 'pv' GROUP BY e." + key + ") "
                + "SELECT ROW_NUMBER() OVER (ORDER BY t.views DESC, t." + key + ") AS rank, t." + key
                + ", t.views, w.viewers FROM t JOIN w ON t." + key + " = w." + key + " ORDER BY rank";
    }

    /** The {@code n} keys with most items bought, their distinct buyers and revenue (NULL without prices). */
    private static String topBySales(String key, int n) {
        return "SELECT ROW_NUMBER() OVER (ORDER BY units DESC, " + key + ") AS rank, " + key
                + ", units, buyers, revenue FROM (SELECT " + key + ", COUNT(*) AS units, "
                + "COUNT(DISTINCT user_id) AS buyers, CAST(SUM(price) AS DOUBLE) AS revenue FROM buy_lines "
                + "WHERE " + key + " IS NOT NULL GROUP BY " + key + " ORDER BY units DESC, " + key + " LIMIT " + n
                + ") t ORDER BY rank";
    }

    /**
     * Every buyer with recency, frequency, monetary (DECIMAL), scores, class ("HLH": R, F, M high or low) and
     * segment name. Quintile cut points are the values at ranks ceil(n k / 5), k = 1..4, of the sorted column
     * (the SQL standard's percentile_disc); a value's score is 1 plus the number of cut points it exceeds.
     */
    private static String rfm(Dialect d, AnalyticsOptions o) {
        String monetary = o.hasPrices() ? "CAST(COALESCE(u.revenue, 0) AS DECIMAL(38,2))"
                : "CAST(u.units AS DECIMAL(38,2))";
        StringBuilder cuts = new StringBuilder();
        for (String c : new String[] {"r:recency_days", "f:frequency", "m:monetary"}) {
            String p = c.substring(0, 1);
            String col = c.substring(2);
            for (int k = 1; k <= 4; k++) {
                cuts.append(cuts.length() == 0 ? "" : ", ").append("MAX(CASE WHEN ").append(p).append("_pos = ")
                        .append(d.intDiv("n * " + k + " + 4", "5")).append(" THEN ").append(col)
                        .append(" END) AS ").append(p).append(k);
            }
        }
        StringBuilder segment = new StringBuilder("CASE");
        SEGMENTS.forEach((cls, name) -> segment.append(" WHEN rfm_class = '").append(cls).append("' THEN '")
                .append(name).append("'"));
        segment.append(" END");
        return "WITH last_day AS (SELECT MAX(day_index) AS last_day FROM ev), "
                + "u AS (SELECT user_id, MAX(day_index) AS last_buy, COUNT(DISTINCT day_index) AS frequency, "
                + "COUNT(*) AS units, SUM(price) AS revenue FROM buy_lines GROUP BY user_id), "
                + "m AS (SELECT u.user_id, l.last_day - u.last_buy AS recency_days, u.frequency, " + monetary
                + " AS monetary FROM u CROSS JOIN last_day l), "
                + "rk AS (SELECT user_id, recency_days, frequency, monetary, "
                + "ROW_NUMBER() OVER (ORDER BY recency_days) AS r_pos, "
                + "ROW_NUMBER() OVER (ORDER BY frequency) AS f_pos, "
                + "ROW_NUMBER() OVER (ORDER BY monetary) AS m_pos, COUNT(*) OVER () AS n FROM m), "
                + "cuts AS (SELECT " + cuts + " FROM rk), "
                + "s AS (SELECT rk.user_id, rk.recency_days, rk.frequency, rk.monetary, "
                + "6 - " + score("rk.recency_days", "c.r") + " AS r_score, "
                + score("rk.frequency", "c.f") + " AS f_score, "
                + score("rk.monetary", "c.m") + " AS m_score FROM rk CROSS JOIN cuts c), "
                + "h AS (SELECT user_id, recency_days, frequency, monetary, r_score, f_score, m_score, "
                + "CASE WHEN r_score * COUNT(*) OVER () >= SUM(r_score) OVER () THEN 'H' ELSE 'L' END "
                + "|| CASE WHEN f_score * COUNT(*) OVER () >= SUM(f_score) OVER () THEN 'H' ELSE 'L' END "
                + "|| CASE WHEN m_score * COUNT(*) OVER () >= SUM(m_score) OVER () THEN 'H' ELSE 'L' END "
                + "AS rfm_class FROM s) "
                + "SELECT user_id, recency_days, frequency, monetary, r_score, f_score, m_score, rfm_class, "
                + segment + " AS segment FROM h";
    }

    private static String score(String value, String cut) {
        StringBuilder sb = new StringBuilder("(1");
        for (int k = 1; k <= 4; k++) {
            sb.append(" + CASE WHEN ").append(value).append(" > ").append(cut).append(k).append(" THEN 1 ELSE 0 END");
        }
        return sb.append(")").toString();
    }

    private static Map<String, String> segments() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("HHH", "important value");
        m.put("HHL", "general value");
        m.put("HLH", "important development");
        m.put("HLL", "general development");
        m.put("LHH", "important retention");
        m.put("LHL", "general retention");
        m.put("LLH", "important win-back");
        m.put("LLL", "general win-back");
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return table.toLowerCase(Locale.ROOT);
    }
}
