package io.shoplens.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The peer of {@code bench analytics}: the analytics report's sixteen tables written by hand as plain SQL on raw
 * DuckDB JDBC, the way an analyst would without Shoplens (no validation, no quarantine, no Shoplens class used):
 * load the Taobao-layout log (headerless CSV, plain or gzip, or Parquet with the canonical columns) into one
 * in-memory table with the local day and hour, then one query per table, rows fetched into Java lists.
 * Days and hours are local to Beijing (UTC+8), top lists have 20 rows, revenue comes from the catalogue's prices
 * when one is given. The tables' names, columns, types and row order are those of Shoplens's report, so the two
 * can be compared cell by cell.
 */
final class RawDuckDbAnalytics {
    /** One fetched table: column names and rows of JDBC values. */
    record Table(List<String> columns, List<List<Object>> rows) {
    }

    private static final String SEGMENT = "CASE cls WHEN 'HHH' THEN 'important value' WHEN 'HHL' THEN 'general value' "
            + "WHEN 'HLH' THEN 'important development' WHEN 'HLL' THEN 'general development' "
            + "WHEN 'LHH' THEN 'important retention' WHEN 'LHL' THEN 'general retention' "
            + "WHEN 'LLH' THEN 'important win-back' ELSE 'general win-back' END";

    private RawDuckDbAnalytics() {
    }

    /** Computes every table from {@code events} (and the catalogue {@code items}, or null), in report order. */
    static Map<String, Table> run(Path events, Path items) throws SQLException {
        Map<String, Table> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            String file = "'" + events.toAbsolutePath().toString().replace("'", "''") + "'";
            String source = events.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")
                    ? "read_parquet(" + file + ")"
                    : "read_csv(" + file + ", header = false, auto_detect = false, columns = {'user_id': 'BIGINT', "
                    + "'item_id': 'BIGINT', 'category_id': 'BIGINT', 'behavior': 'VARCHAR', 'ts': 'BIGINT'})";
            st.execute("CREATE TABLE e AS SELECT user_id, item_id, category_id, behavior, ts, "
                    + "(ts + 28800) // 86400 AS d, ((ts + 28800) % 86400) // 3600 AS h FROM " + source);
            if (items != null) {
                st.execute("CREATE TABLE p AS SELECT item AS item_id, CAST(price AS DECIMAL(12,2)) AS price FROM "
                        + "read_csv('" + items.toAbsolutePath().toString().replace("'", "''") + "', header = true)");
            } else {
                st.execute("CREATE TABLE p (item_id BIGINT, price DECIMAL(12,2))");
            }
            st.execute("CREATE TABLE b AS SELECT e.user_id, e.item_id, e.category_id, e.d, p.price "
                    + "FROM e LEFT JOIN p USING (item_id) WHERE behavior = 'buy'");
            String counts = "count_if(behavior = 'pv') AS pv, count_if(behavior = 'cart') AS cart, "
                    + "count_if(behavior = 'fav') AS fav, count_if(behavior = 'buy') AS buy";
            out.put("overview", fetch(st, "SELECT count(*) AS events, count(DISTINCT user_id) AS users, "
                    + "count(DISTINCT item_id) AS items, count(DISTINCT category_id) AS categories, "
                    + "DATE '1970-01-01' + CAST(min(d) AS INTEGER) AS first_day, "
                    + "DATE '1970-01-01' + CAST(max(d) AS INTEGER) AS last_day, max(d) - min(d) + 1 AS days, "
                    + counts + " FROM e"));
            out.put("daily_traffic", fetch(st, "SELECT DATE '1970-01-01' + CAST(d AS INTEGER) AS day, "
                    + "count(*) AS events, count_if(behavior = 'pv') AS pv, "
                    + "count(DISTINCT user_id) FILTER (WHERE behavior = 'pv') AS uv, count(DISTINCT user_id) AS dau, "
                    + "count_if(behavior = 'pv') / count(DISTINCT user_id) FILTER (WHERE behavior = 'pv') "
                    + "AS pv_per_uv FROM e GROUP BY d ORDER BY d"));
            out.put("hourly_traffic", fetch(st, "SELECT h AS hour, count(*) AS events, "
                    + "count_if(behavior = 'pv') AS pv, count(DISTINCT user_id) FILTER (WHERE behavior = 'pv') AS uv, "
                    + "count(DISTINCT user_id) AS active_users FROM e GROUP BY h ORDER BY h"));
            out.put("funnel", fetch(st, funnel(null, null, "")));
            out.put("funnel_daily", fetch(st, funnel("d", "DATE '1970-01-01' + CAST(d AS INTEGER) AS day", "")));
            out.put("funnel_category", fetch(st, funnel("category_id", "category_id",
                    " WHERE category_id IS NOT NULL")));
            out.put("retention", fetch(st, "WITH a AS (SELECT DISTINCT user_id, d FROM e), "
                    + "f AS (SELECT user_id, min(d) AS cohort FROM a GROUP BY user_id), "
                    + "s AS (SELECT cohort, count(*) AS n FROM f GROUP BY cohort) "
                    + "SELECT DATE '1970-01-01' + CAST(f.cohort AS INTEGER) AS cohort_day, a.d - f.cohort AS day_n, "
                    + "any_value(s.n) AS cohort_users, count(*) AS active_users, "
                    + "count(*) / any_value(s.n) AS retention FROM a JOIN f USING (user_id) JOIN s USING (cohort) "
                    + "GROUP BY f.cohort, a.d - f.cohort ORDER BY f.cohort, day_n"));
            out.put("repurchase", fetch(st, "WITH u AS (SELECT user_id, count(*) AS n, count(DISTINCT d) AS days "
                    + "FROM b GROUP BY user_id) SELECT count(*) AS buyers, count_if(n >= 2) AS multi_purchase_buyers, "
                    + "count_if(days >= 2) AS repeat_day_buyers, count_if(n >= 2) / count(*) AS multi_purchase_rate, "
                    + "count_if(days >= 2) / count(*) AS repurchase_rate FROM u"));
            out.put("top_items_by_views", fetch(st, topViews("item_id")));
            out.put("top_items_by_sales", fetch(st, topSales("item_id")));
            out.put("top_categories_by_views", fetch(st, topViews("category_id")));
            out.put("top_categories_by_sales", fetch(st, topSales("category_id")));
            String monetary = items != null ? "CAST(coalesce(sum(price), 0) AS DECIMAL(38,2))"
                    : "CAST(count(*) AS DECIMAL(38,2))";
            st.execute("CREATE TABLE r AS WITH u AS (SELECT user_id, (SELECT max(d) FROM e) - max(d) AS rec, "
                    + "count(DISTINCT d) AS freq, " + monetary + " AS mon FROM b GROUP BY user_id), "
                    + "q AS (SELECT list_sort(list(rec)) AS lr, list_sort(list(freq)) AS lf, list_sort(list(mon)) "
                    + "AS lm, count(*) AS n FROM u), "
                    + "s AS (SELECT u.user_id, u.rec, u.freq, u.mon, "
                    + "6 - (1 + (rec > lr[(n + 4) // 5])::INT + (rec > lr[(2 * n + 4) // 5])::INT "
                    + "+ (rec > lr[(3 * n + 4) // 5])::INT + (rec > lr[(4 * n + 4) // 5])::INT) AS rs, "
                    + "1 + (freq > lf[(n + 4) // 5])::INT + (freq > lf[(2 * n + 4) // 5])::INT "
                    + "+ (freq > lf[(3 * n + 4) // 5])::INT + (freq > lf[(4 * n + 4) // 5])::INT AS fs, "
                    + "1 + (mon > lm[(n + 4) // 5])::INT + (mon > lm[(2 * n + 4) // 5])::INT "
                    + "+ (mon > lm[(3 * n + 4) // 5])::INT + (mon > lm[(4 * n + 4) // 5])::INT AS ms "
                    + "FROM u, q), "
                    + "c AS (SELECT s.*, (CASE WHEN rs * n >= sr THEN 'H' ELSE 'L' END) "
                    + "|| (CASE WHEN fs * n >= sf THEN 'H' ELSE 'L' END) "
                    + "|| (CASE WHEN ms * n >= sm THEN 'H' ELSE 'L' END) AS cls FROM s, "
                    + "(SELECT count(*) AS n, sum(rs) AS sr, sum(fs) AS sf, sum(ms) AS sm FROM s)) "
                    + "SELECT user_id, rec, freq, mon, rs, fs, ms, cls, " + SEGMENT + " AS segment FROM c");
            out.put("rfm_users", fetch(st, "SELECT user_id, rec AS recency_days, freq AS frequency, "
                    + "CAST(mon AS DOUBLE) AS monetary, rs AS r_score, fs AS f_score, ms AS m_score, "
                    + "cls AS rfm_class, segment FROM r ORDER BY user_id"));
            out.put("rfm_segments", fetch(st, "SELECT cls AS rfm_class, segment, count(*) AS users, "
                    + "count(*) / (SELECT count(*) FROM r) AS share, CAST(sum(rec) AS DOUBLE) / count(*) "
                    + "AS avg_recency_days, CAST(sum(freq) AS DOUBLE) / count(*) AS avg_frequency, "
                    + "CAST(sum(mon) AS DOUBLE) / count(*) AS avg_monetary FROM r GROUP BY cls, segment "
                    + "ORDER BY cls DESC"));
            out.put("basket", fetch(st, "WITH k AS (SELECT user_id, d, count(*) AS n, count(DISTINCT item_id) AS i, "
                    + "sum(price) AS v FROM b GROUP BY user_id, d) SELECT count(*) AS baskets, "
                    + "sum(n) / count(*) AS avg_units, sum(i) / count(*) AS avg_distinct_items, "
                    + "count_if(n >= 2) AS multi_unit_baskets, count(v) AS priced_baskets, "
                    + "CAST(sum(v) AS DOUBLE) / count(v) AS avg_value FROM k"));
            out.put("sales_daily", fetch(st, "SELECT DATE '1970-01-01' + CAST(d AS INTEGER) AS day, "
                    + "count(*) AS units, count(DISTINCT user_id) AS buyers, count(DISTINCT item_id) AS items, "
                    + "count(price) AS priced_units, CAST(sum(price) AS DOUBLE) AS revenue FROM b GROUP BY d ORDER BY d"));
        }
        return out;
    }

    private static String funnel(String key, String keyOut, String where) {
        String k = key == null ? "" : key + ", ";
        return "WITH u AS (SELECT " + k + "user_id, count_if(behavior = 'pv') AS pv, "
                + "count_if(behavior = 'cart') AS cart, count_if(behavior = 'fav') AS fav, "
                + "count_if(behavior = 'buy') AS buy FROM e" + where + " GROUP BY " + k + "user_id), "
                + "f AS (SELECT " + k + "sum(pv) AS pv_events, sum(cart) AS cart_events, sum(fav) AS fav_events, "
                + "sum(buy) AS buy_events, count_if(pv > 0) AS pv_users, count_if(pv > 0 AND cart + fav > 0) "
                + "AS cart_fav_users, count_if(pv > 0 AND cart + fav > 0 AND buy > 0) AS buy_users, "
                + "count_if(buy > 0) AS buyers FROM u" + (key == null ? "" : " GROUP BY " + key) + ") "
                + "SELECT " + (keyOut == null ? "" : keyOut + ", ") + "pv_events, cart_events, fav_events, "
                + "buy_events, pv_users, cart_fav_users, buy_users, buyers, "
                + "cart_fav_users / nullif(pv_users, 0) AS pv_to_cart_fav, "
                + "buy_users / nullif(cart_fav_users, 0) AS cart_fav_to_buy, "
                + "buy_users / nullif(pv_users, 0) AS pv_to_buy FROM f" + (key == null ? "" : " ORDER BY " + key);
    }

    private static String topViews(String key) {
        return "WITH t AS (SELECT " + key + ", count(*) AS views FROM e WHERE behavior = 'pv' AND " + key
                + " IS NOT NULL GROUP BY " + key + " ORDER BY views DESC, " + key + " LIMIT 20), "
                + "v AS (SELECT " + key + ", count(DISTINCT user_id) AS viewers FROM e SEMI JOIN t USING (" + key
                + ") WHERE behavior = 'pv' GROUP BY " + key + ") "
                + "SELECT row_number() OVER (ORDER BY views DESC, " + key + ") AS rank, " + key
                + ", views, viewers FROM t JOIN v USING (" + key + ") ORDER BY rank";
    }

    private static String topSales(String key) {
        return "WITH t AS (SELECT " + key + ", count(*) AS units, count(DISTINCT user_id) AS buyers, "
                + "CAST(sum(price) AS DOUBLE) AS revenue FROM b WHERE " + key + " IS NOT NULL GROUP BY " + key
                + " ORDER BY units DESC, " + key + " LIMIT 20) SELECT row_number() OVER (ORDER BY units DESC, " + key
                + ") AS rank, " + key + ", units, buyers, revenue FROM t ORDER BY rank";
    }

    private static Table fetch(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return new Table(columns, rows);
        }
    }
}
