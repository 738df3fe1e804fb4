package io.shoplens.analytics;

import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A 16-event Taobao-format log over three UTC days (2017-11-25..27) whose every analytics table is worked out by
 * hand in {@link QueryTest}: users 1-4, items 10, 11, 12 (category 100) and 20 (category 200).
 */
public final class Fixture {
    /** 2017-11-25T00:00:00Z. */
    public static final long D0 = 1_511_568_000L;
    /** One day in seconds. */
    public static final long DAY = 86_400L;

    /** The log's lines, user,item,category,behavior,ts. */
    public static final List<String> LINES = List.of(
            // day 0: user 1 views 10 and 11, carts and buys 10; user 2 views 10 and favourites 20; user 3 views 20
            line(1, 10, 100, "pv", D0 + 3600), line(1, 11, 100, "pv", D0 + 3700),
            line(1, 10, 100, "cart", D0 + 3800), line(1, 10, 100, "buy", D0 + 4000),
            line(2, 10, 100, "pv", D0 + 7200), line(2, 20, 200, "fav", D0 + 7300),
            line(3, 20, 200, "pv", D0 + 7200),
            // day 1: user 1 views and buys 12; user 3 views and carts 10; user 4 buys 20 without a view
            line(1, 12, 100, "pv", D0 + DAY + 3600), line(1, 12, 100, "buy", D0 + DAY + 3700),
            line(3, 10, 100, "pv", D0 + DAY + 10800), line(3, 10, 100, "cart", D0 + DAY + 10900),
            line(4, 20, 200, "buy", D0 + DAY + 10800),
            // day 2: user 2 views 20, buys 20 and 11; user 1 views 10
            line(2, 20, 200, "pv", D0 + 2 * DAY + 3600), line(2, 20, 200, "buy", D0 + 2 * DAY + 3700),
            line(2, 11, 100, "buy", D0 + 2 * DAY + 3800),
            line(1, 10, 100, "pv", D0 + 2 * DAY + 7200));

    /** The catalogue: prices 5.00, 2.50, 10.00 and 99.99. */
    public static final List<String> ITEMS = List.of("item,category,price,title", "10,100,5.00,a", "11,100,2.50,b",
            "12,100,10.00,c", "20,200,99.99,d");

    private Fixture() {
    }

    private static String line(long user, long item, long category, String behavior, long ts) {
        return user + "," + item + "," + category + "," + behavior + "," + ts;
    }

    /** Writes {@code lines} to {@code dir/name}. */
    public static Path write(Path dir, String name, List<String> lines) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    /** The fixture ingested into {@code dir}, with the catalogue when {@code withItems}. */
    public static AnalyticsInput ingest(Path dir, boolean withItems) throws IOException {
        Path events = write(dir, "events.csv", LINES);
        Path items = withItems ? write(dir, "items.csv", ITEMS) : null;
        return EventIngest.ingest(new EventIngest.Source(events, EventFormat.TAOBAO, items),
                LoadOptions.defaults(dir.resolve("quarantine")), dir.resolve("work"));
    }

    /** UTC days, top 20. */
    public static AnalyticsOptions utc(boolean prices) {
        return new AnalyticsOptions(0, 20, prices);
    }
}
