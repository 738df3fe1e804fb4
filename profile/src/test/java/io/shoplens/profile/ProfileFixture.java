package io.shoplens.profile;

import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.EventIngest;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 15-event Taobao-format log over seven UTC days (2017-11-25..12-01) whose profiles are worked out by hand in
 * {@link ProfileJobTest}: user 1 browses category 100 at 1-2h on days 0, 1 and 6 and buys twice; user 2 views and
 * favourites item 20 at 20h on day 0; user 3 views 10 and 20 and buys 20 at 13h on day 6; user 4 views 11 at 3h on
 * day 2. Catalogue prices: 10 = 5.00, 11 = 2.50, 12 = 10.00, 20 = 99.99.
 */
final class ProfileFixture {
    static final long D0 = 1_511_568_000L;
    static final long DAY = 86_400L;
    static final List<String> LINES = List.of(
            line(1, 10, 100, "pv", D0 + 3600), line(1, 11, 100, "pv", D0 + 3700), line(1, 10, 100, "cart", D0 + 3800),
            line(1, 10, 100, "buy", D0 + 4000), line(1, 12, 100, "pv", D0 + DAY + 3600),
            line(1, 12, 100, "buy", D0 + DAY + 3700), line(1, 10, 100, "pv", D0 + 6 * DAY + 7200),
            line(2, 20, 200, "pv", D0 + 20 * 3600), line(2, 20, 200, "fav", D0 + 20 * 3600 + 60),
            line(3, 10, 100, "pv", D0 + 6 * DAY + 13 * 3600), line(3, 20, 200, "pv", D0 + 6 * DAY + 13 * 3600 + 60),
            line(3, 20, 200, "buy", D0 + 6 * DAY + 13 * 3600 + 120),
            line(4, 11, 100, "pv", D0 + 2 * DAY + 3 * 3600));
    static final List<String> ITEMS = List.of("item,category,price,title", "10,100,5.00,a", "11,100,2.50,b",
            "12,100,10.00,c", "20,200,99.99,d");
    static final List<String> USERS = List.of("user,age_band,gender,region", "1,25-34,f,Hangzhou", "3,35-44,m,");

    private ProfileFixture() {
    }

    private static String line(long user, long item, long category, String behavior, long ts) {
        return user + "," + item + "," + category + "," + behavior + "," + ts;
    }

    static Path write(Path dir, String name, List<String> lines) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), lines);
    }

    static AnalyticsInput ingest(Path dir, boolean withItems) throws IOException {
        Path events = write(dir, "events.csv", LINES);
        Path items = withItems ? write(dir, "items.csv", ITEMS) : null;
        return EventIngest.ingest(new EventIngest.Source(events, EventFormat.TAOBAO, items),
                LoadOptions.defaults(dir.resolve("quarantine")), dir.resolve("work"));
    }

    /** Every row of a Parquet file by its first column's text. */
    static Map<String, Map<String, Object>> read(Path parquet) throws SQLException {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + parquet.toAbsolutePath() + "')")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.put(rs.getMetaData().getColumnLabel(i), v instanceof Number num && !(v instanceof Double)
                            && !(v instanceof java.math.BigDecimal) ? (Object) num.longValue() : v);
                }
                out.put(String.valueOf(row.values().iterator().next()), row);
            }
        }
        return out;
    }
}
