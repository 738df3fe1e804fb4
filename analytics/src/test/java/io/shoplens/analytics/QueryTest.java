package io.shoplens.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every query on DuckDB against answers worked out by hand from {@link Fixture} (see the comments there). */
class QueryTest {
    private static final LocalDate D0 = LocalDate.of(2017, 11, 25);
    private static final LocalDate D1 = D0.plusDays(1);
    private static final LocalDate D2 = D0.plusDays(2);

    @TempDir
    static Path dir;
    static DuckDbEngine plain;
    static DuckDbEngine priced;

    @BeforeAll
    static void open() throws IOException {
        plain = new DuckDbEngine(Fixture.ingest(dir.resolve("plain"), false), Fixture.utc(false));
        priced = new DuckDbEngine(Fixture.ingest(dir.resolve("priced"), true), Fixture.utc(true));
    }

    @AfterAll
    static void close() {
        plain.close();
        priced.close();
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static void check(List<String> columns, List<List<Object>> expected, ResultTable actual) {
        assertEquals(columns, actual.columns().stream().map(ResultTable.Column::name).toList(), actual.name());
        assertEquals(expected.size(), actual.size(), actual.name() + " rows: " + actual.rows());
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                Object e = expected.get(r).get(c);
                Object a = actual.rows().get(r).get(c);
                String where = actual.name() + " row " + r + " column " + columns.get(c);
                if (e instanceof Double d) {
                    assertEquals(d, (Double) a, 1e-12, where);
                } else {
                    assertEquals(e, a, where);
                }
            }
        }
    }

    @Test
    void overview() {
        check(List.of("events", "users", "items", "categories", "first_day", "last_day", "days", "pv", "cart",
                        "fav", "buy"),
                List.of(row(16L, 4L, 4L, 2L, D0, D2, 3L, 8L, 2L, 1L, 5L)), plain.run(Query.OVERVIEW));
    }

    @Test
    void dailyTraffic() {
        check(List.of("day", "events", "pv", "uv", "dau", "pv_per_uv"), List.of(
                row(D0, 7L, 4L, 3L, 3L, 4.0 / 3),
                row(D1, 5L, 2L, 2L, 3L, 1.0),
                row(D2, 4L, 2L, 2L, 2L, 1.0)), plain.run(Query.DAILY_TRAFFIC));
    }

    @Test
    void hourlyTraffic() {
        check(List.of("hour", "events", "pv", "uv", "active_users"), List.of(
                row(1L, 9L, 4L, 2L, 2L),
                row(2L, 4L, 3L, 3L, 3L),
                row(3L, 3L, 1L, 1L, 2L)), plain.run(Query.HOURLY_TRAFFIC));
    }

    private static final List<String> FUNNEL = List.of("pv_events", "cart_events", "fav_events", "buy_events",
            "pv_users", "cart_fav_users", "buy_users", "buyers", "pv_to_cart_fav", "cart_fav_to_buy", "pv_to_buy");

    @Test
    void funnel() {
        // users 1 and 2 go all the way, user 3 stops after the cart, user 4 buys without a view
        check(FUNNEL, List.of(row(8L, 2L, 1L, 5L, 3L, 3L, 2L, 3L, 1.0, 2.0 / 3, 2.0 / 3)), plain.run(Query.FUNNEL));
    }

    @Test
    void funnelDaily() {
        List<String> cols = new java.util.ArrayList<>(List.of("day"));
        cols.addAll(FUNNEL);
        check(cols, List.of(
                row(D0, 4L, 1L, 1L, 1L, 3L, 2L, 1L, 1L, 2.0 / 3, 0.5, 1.0 / 3),
                row(D1, 2L, 1L, 0L, 2L, 2L, 1L, 0L, 2L, 0.5, 0.0, 0.0),
                row(D2, 2L, 0L, 0L, 2L, 2L, 0L, 0L, 1L, 0.0, null, 0.0)), plain.run(Query.FUNNEL_DAILY));
    }

    @Test
    void funnelCategory() {
        List<String> cols = new java.util.ArrayList<>(List.of("category_id"));
        cols.addAll(FUNNEL);
        check(cols, List.of(
                row(100L, 6L, 2L, 0L, 3L, 3L, 2L, 1L, 2L, 2.0 / 3, 0.5, 1.0 / 3),
                row(200L, 2L, 0L, 1L, 2L, 2L, 1L, 1L, 2L, 0.5, 1.0, 0.5)), plain.run(Query.FUNNEL_CATEGORY));
    }

    @Test
    void retention() {
        // cohort day 0: users 1, 2, 3; user 1 and 3 back on day 1, users 1 and 2 on day 2; cohort day 1: user 4
        check(List.of("cohort_day", "day_n", "cohort_users", "active_users", "retention"), List.of(
                row(D0, 0L, 3L, 3L, 1.0),
                row(D0, 1L, 3L, 2L, 2.0 / 3),
                row(D0, 2L, 3L, 2L, 2.0 / 3),
                row(D1, 0L, 1L, 1L, 1.0)), plain.run(Query.RETENTION));
    }

    @Test
    void repurchase() {
        // user 1 buys on days 0 and 1, user 2 twice on day 2, user 4 once
        check(List.of("buyers", "multi_purchase_buyers", "repeat_day_buyers", "multi_purchase_rate",
                "repurchase_rate"), List.of(row(3L, 2L, 1L, 2.0 / 3, 1.0 / 3)), plain.run(Query.REPURCHASE));
    }

    @Test
    void topItems() {
        check(List.of("rank", "item_id", "views", "viewers"), List.of(
                row(1L, 10L, 4L, 3L), row(2L, 20L, 2L, 2L), row(3L, 11L, 1L, 1L), row(4L, 12L, 1L, 1L)),
                plain.run(Query.TOP_ITEMS_BY_VIEWS));
        check(List.of("rank", "item_id", "units", "buyers", "revenue"), List.of(
                row(1L, 20L, 2L, 2L, null), row(2L, 10L, 1L, 1L, null), row(3L, 11L, 1L, 1L, null),
                row(4L, 12L, 1L, 1L, null)), plain.run(Query.TOP_ITEMS_BY_SALES));
        check(List.of("rank", "item_id", "units", "buyers", "revenue"), List.of(
                row(1L, 20L, 2L, 2L, 199.98), row(2L, 10L, 1L, 1L, 5.0), row(3L, 11L, 1L, 1L, 2.5),
                row(4L, 12L, 1L, 1L, 10.0)), priced.run(Query.TOP_ITEMS_BY_SALES));
    }

    @Test
    void topCategories() {
        check(List.of("rank", "category_id", "views", "viewers"), List.of(row(1L, 100L, 6L, 3L), row(2L, 200L, 2L, 2L)),
                plain.run(Query.TOP_CATEGORIES_BY_VIEWS));
        check(List.of("rank", "category_id", "units", "buyers", "revenue"),
                List.of(row(1L, 100L, 3L, 2L, 17.5), row(2L, 200L, 2L, 2L, 199.98)),
                priced.run(Query.TOP_CATEGORIES_BY_SALES));
    }

    @Test
    void topListsAreCutAtN() throws IOException {
        AnalyticsInput in = Fixture.ingest(dir.resolve("top1"), false);
        try (DuckDbEngine e = new DuckDbEngine(in, new AnalyticsOptions(0, 1, false))) {
            check(List.of("rank", "item_id", "views", "viewers"), List.of(row(1L, 10L, 4L, 3L)),
                    e.run(Query.TOP_ITEMS_BY_VIEWS));
        }
    }

    private static final List<String> RFM = List.of("user_id", "recency_days", "frequency", "monetary", "r_score",
            "f_score", "m_score", "rfm_class", "segment");

    @Test
    void rfmWithoutPrices() {
        // buyers: 1 (last buy day 1, 2 buy days, 2 items), 2 (day 2, 1 day, 2 items), 4 (day 1, 1 day, 1 item).
        // quintile cut ranks ceil(3k/5) = 1, 2, 2, 3: recency 0|1|1|1, frequency 1|1|1|2, monetary 1|2|2|2.
        // scores R 4, 5, 4 (mean 13/3), F 4, 1, 1 (mean 2), M 2, 2, 1 (mean 5/3)
        check(RFM, List.of(
                row(1L, 1L, 2L, 2.0, 4L, 4L, 2L, "LHH", "important retention"),
                row(2L, 0L, 1L, 2.0, 5L, 1L, 2L, "HLH", "important development"),
                row(4L, 1L, 1L, 1.0, 4L, 1L, 1L, "LLL", "general win-back")), plain.run(Query.RFM_USERS));
        check(List.of("rfm_class", "segment", "users", "share", "avg_recency_days", "avg_frequency", "avg_monetary"),
                List.of(row("LLL", "general win-back", 1L, 1.0 / 3, 1.0, 1.0, 1.0),
                        row("LHH", "important retention", 1L, 1.0 / 3, 1.0, 2.0, 2.0),
                        row("HLH", "important development", 1L, 1.0 / 3, 0.0, 1.0, 2.0)),
                plain.run(Query.RFM_SEGMENTS));
    }

    @Test
    void rfmWithPrices() {
        // revenue 15.00, 102.49, 99.99; cuts 15 | 99.99 | 99.99 | 102.49; M scores 1, 4, 2 (mean 7/3)
        check(RFM, List.of(
                row(1L, 1L, 2L, 15.0, 4L, 4L, 1L, "LHL", "general retention"),
                row(2L, 0L, 1L, 102.49, 5L, 1L, 4L, "HLH", "important development"),
                row(4L, 1L, 1L, 99.99, 4L, 1L, 2L, "LLL", "general win-back")), priced.run(Query.RFM_USERS));
    }

    @Test
    void basket() {
        // baskets: user 1 day 0 (item 10), user 1 day 1 (12), user 4 day 1 (20), user 2 day 2 (20 and 11)
        List<String> cols = List.of("baskets", "avg_units", "avg_distinct_items", "multi_unit_baskets",
                "priced_baskets", "avg_value");
        check(cols, List.of(row(4L, 1.25, 1.25, 1L, 0L, null)), plain.run(Query.BASKET));
        check(cols, List.of(row(4L, 1.25, 1.25, 1L, 4L, (5.0 + 10.0 + 99.99 + 102.49) / 4)), priced.run(Query.BASKET));
    }

    @Test
    void salesDaily() {
        List<String> cols = List.of("day", "units", "buyers", "items", "priced_units", "revenue");
        check(cols, List.of(row(D0, 1L, 1L, 1L, 0L, null), row(D1, 2L, 2L, 2L, 0L, null),
                row(D2, 2L, 1L, 2L, 0L, null)), plain.run(Query.SALES_DAILY));
        check(cols, List.of(row(D0, 1L, 1L, 1L, 1L, 5.0), row(D1, 2L, 2L, 2L, 2L, 109.99),
                row(D2, 2L, 1L, 2L, 2L, 102.49)), priced.run(Query.SALES_DAILY));
    }

    @Test
    void localTimeFollowsTheOffset(@TempDir Path tmp) throws IOException {
        // 2017-11-25T20:30Z is 2017-11-26 04:30 in Beijing and 2017-11-25 15:30 in New York (UTC-5)
        long ts = Fixture.D0 + 20 * 3600 + 1800;
        java.nio.file.Path f = Fixture.write(tmp, "one.csv", List.of("1,10,100,pv," + ts));
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(f, io.shoplens.core.io.EventFormat.TAOBAO, null),
                io.shoplens.core.io.LoadOptions.defaults(tmp.resolve("q")), tmp.resolve("work"));
        try (DuckDbEngine beijing = new DuckDbEngine(in, AnalyticsOptions.defaults());
             DuckDbEngine newYork = new DuckDbEngine(in, new AnalyticsOptions(-5, 20, false))) {
            assertEquals(D1, beijing.run(Query.DAILY_TRAFFIC).get(0, "day"));
            assertEquals(4L, beijing.run(Query.HOURLY_TRAFFIC).get(0, "hour"));
            assertEquals(D0, newYork.run(Query.DAILY_TRAFFIC).get(0, "day"));
            assertEquals(15L, newYork.run(Query.HOURLY_TRAFFIC).get(0, "hour"));
        }
    }
}
