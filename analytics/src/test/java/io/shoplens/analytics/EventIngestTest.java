package io.shoplens.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.EventSink;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.io.LoadReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is quarantined or refused exactly as by core's readers, and the report says how many and why. */
class EventIngestTest {
    @TempDir
    Path dir;

    /** What core's reader alone reports for {@code file} (events discarded). */
    private static LoadReport readerReport(Path file, EventFormat format, LoadOptions options) {
        return format.reader().read(file, new EventSink() {
            @Override
            public void event(long user, long item, long category, Behavior behavior, long time) {
            }

            @Override
            public void event(String user, String item, String category, Behavior behavior, long time) {
            }
        }, options);
    }

    private LoadOptions options(String quarantine) {
        return LoadOptions.defaults(dir.resolve(quarantine)).withMaxBadRatio(0.5);
    }

    private static long events(AnalyticsInput in) {
        try (DuckDbEngine e = new DuckDbEngine(in, AnalyticsOptions.defaults().withPrices(in.hasItems()))) {
            return e.run(Query.OVERVIEW).getLong(0, "events");
        }
    }

    @Test
    void badRowsAreQuarantinedAsByTheReader() throws IOException {
        List<String> lines = new ArrayList<>(Fixture.LINES);
        lines.add(3, "1,10,100,pv");
        lines.add(8, "2,10,100,clickk," + Fixture.D0);
        lines.add(9, "3,11,100,buy,99");
        Path f = Fixture.write(dir, "bad.csv", lines);
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(f, EventFormat.TAOBAO, null),
                options("q1"), dir.resolve("work"));
        LoadReport got = in.reports().get(0);
        LoadReport reader = readerReport(f, EventFormat.TAOBAO, options("q2"));
        assertEquals(19, got.rows());
        assertEquals(3, got.rejected());
        assertEquals(3, in.rejectedRows());
        assertEquals(Map.of("expected N columns, found N", 1L, "unknown behaviour '…'", 1L,
                "timestamp N is out of range [1990-01-01T00:00:00Z, 2060-01-01T00:00:00Z)", 1L), got.rejectedByReason());
        assertEquals(reader.rejectedByReason(), got.rejectedByReason());
        assertEquals(reader.examples(), got.examples());
        List<String> quarantined = Files.readAllLines(got.quarantineFile());
        assertEquals(Files.readAllLines(reader.quarantineFile()), quarantined);
        assertEquals(4, quarantined.size());
        assertTrue(quarantined.get(1).contains("\t4\texpected 5 columns, found 4\t1,10,100,pv"), quarantined.get(1));
        assertEquals(16, events(in));
        assertTrue(Files.notExists(dir.resolve("work/events.staging.csv")), "staging file is deleted");
    }

    @Test
    void tooManyBadRowsFailLikeTheReader() throws IOException {
        List<String> lines = new ArrayList<>(Fixture.LINES);
        lines.add("1,10,100,clickk," + Fixture.D0);
        Path f = Fixture.write(dir, "bad.csv", lines);
        LoadOptions strict = LoadOptions.defaults(dir.resolve("q"));
        DataException ours = assertThrows(DataException.class, () -> EventIngest.ingest(
                new EventIngest.Source(f, EventFormat.TAOBAO, null), strict, dir.resolve("work")));
        DataException reader = assertThrows(DataException.class, () -> readerReport(f, EventFormat.TAOBAO, strict));
        assertEquals(reader.getMessage(), ours.getMessage());
        assertTrue(ours.getMessage().contains("1 of 17 rows (5.88%) were rejected, more than the allowed 1.00%"),
                ours.getMessage());
        assertTrue(Files.notExists(dir.resolve("work/events.staging.csv")), "staging file is deleted");
    }

    @Test
    void corruptGzipFailsLikeTheReader() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append(i).append(",10,100,pv,").append(Fixture.D0 + i).append('\n');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] b = bytes.toByteArray();
        byte[] cut = Arrays.copyOf(b, b.length / 2);
        for (int i = 20; i < 40; i++) {
            cut[i] ^= (byte) 0x5a;
        }
        Path f = dir.resolve("corrupt.csv.gz");
        Files.write(f, cut);
        LoadOptions o = options("q");
        DataException ours = assertThrows(DataException.class, () -> EventIngest.ingest(
                new EventIngest.Source(f, EventFormat.TAOBAO, null), o, dir.resolve("work")));
        DataException reader = assertThrows(DataException.class, () -> readerReport(f, EventFormat.TAOBAO, o));
        assertEquals(reader.getMessage(), ours.getMessage());
        assertTrue(ours.getMessage().contains("corrupt gzip stream"), ours.getMessage());
    }

    @Test
    void wrongColumnsFailLikeTheReader() throws IOException {
        Path f = Fixture.write(dir, "events.csv", List.of("user,item,action,timestamp", "1,10,pv," + Fixture.D0));
        LoadOptions o = options("q");
        DataException ours = assertThrows(DataException.class, () -> EventIngest.ingest(
                new EventIngest.Source(f, EventFormat.SHOPLENS, null), o, dir.resolve("work")));
        DataException reader = assertThrows(DataException.class, () -> readerReport(f, EventFormat.SHOPLENS, o));
        assertEquals(reader.getMessage(), ours.getMessage());
    }

    @Test
    void textIdsAreKeptAsText() throws IOException {
        Path f = Fixture.write(dir, "events.csv", List.of("user,item,category,behavior,timestamp",
                "alice,\"sku,1\",shoes,view," + Fixture.D0, "bob,sku2,,purchase," + (Fixture.D0 + 60),
                "alice,sku2,bags,buy," + (Fixture.D0 + 120)));
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(f, EventFormat.SHOPLENS, null), options("q"),
                dir.resolve("work"));
        try (DuckDbEngine e = new DuckDbEngine(in, new AnalyticsOptions(0, 20, false))) {
            ResultTable top = e.run(Query.TOP_ITEMS_BY_SALES);
            assertEquals(ResultTable.Type.STRING, top.columns().get(1).type());
            assertEquals("sku2", top.get(0, "item_id"));
            assertEquals(2L, top.getLong(0, "units"));
            assertEquals("sku,1", e.run(Query.TOP_ITEMS_BY_VIEWS).get(0, "item_id"));
            ResultTable cats = e.run(Query.TOP_CATEGORIES_BY_SALES);
            assertEquals(1, cats.size(), "the event without a category is in no category");
            assertEquals("bags", cats.get(0, "category_id"));
        }
    }

    @Test
    void catalogueRowsAreValidated() throws IOException {
        Path events = Fixture.write(dir, "events.csv", Fixture.LINES);
        Path items = Fixture.write(dir, "items.csv", List.of("item,category,price", "10,100,5.00", "10,100,6.00",
                "x1,100,1.00", "11,100,-2", "12,100,10.00", "20,200,99.99", "21,200,1", "22,200,1", "23,200,1",
                "24,200,1"));
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(events, EventFormat.TAOBAO, items),
                options("q"), dir.resolve("work"));
        LoadReport r = in.reports().get(1);
        assertEquals(3, r.rejected());
        assertEquals(Map.of("item '…' is listed twice", 1L,
                "item '…' is not a non-negative integer like the events' item ids", 1L,
                "price N is negative", 1L), r.rejectedByReason());
        try (DuckDbEngine e = new DuckDbEngine(in, Fixture.utc(true))) {
            // item 11 lost its price: revenue of day 2 is item 20's only
            assertEquals(99.99, e.run(Query.SALES_DAILY).getDouble(2, "revenue"), 1e-12);
            assertEquals(1L, e.run(Query.SALES_DAILY).getLong(2, "priced_units"));
        }
    }

    @Test
    void parquetIsCheckedInSql() throws IOException, SQLException {
        Path clean = dir.resolve("clean.parquet");
        Path bad = dir.resolve("bad.parquet");
        Path csv = Fixture.write(dir, "events.csv", Fixture.LINES);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            String src = "SELECT * FROM read_csv(" + EventIngest.literal(csv) + ", header = false, columns = "
                    + "{'user_id': 'BIGINT', 'item_id': 'BIGINT', 'category_id': 'BIGINT', 'behavior': 'VARCHAR', "
                    + "'ts': 'BIGINT'})";
            st.execute("COPY (" + src + ") TO " + EventIngest.literal(clean) + " (FORMAT parquet)");
            st.execute("COPY (" + src + " UNION ALL SELECT 9, 9, 9, 'clickk', " + Fixture.D0
                    + " UNION ALL SELECT NULL, 9, 9, 'pv', " + Fixture.D0 + " UNION ALL SELECT 9, 9, 9, 'pv', 5) TO "
                    + EventIngest.literal(bad) + " (FORMAT parquet)");
        }
        AnalyticsInput ok = EventIngest.ingest(new EventIngest.Source(clean, null, null), options("q"),
                dir.resolve("w1"));
        assertEquals(clean, ok.events(), "a clean Parquet file is used as is");
        assertEquals(0, ok.rejectedRows());
        assertNull(ok.reports().get(0).quarantineFile());
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(bad, null, null), options("q"),
                dir.resolve("w2"));
        LoadReport r = in.reports().get(0);
        assertEquals(19, r.rows());
        assertEquals(Map.of("unknown behaviour '…'", 1L, "user_id is empty", 1L,
                "timestamp N is out of range [1990-01-01T00:00:00Z, 2060-01-01T00:00:00Z)", 1L), r.rejectedByReason());
        assertEquals(4, Files.readAllLines(r.quarantineFile()).size());
        assertEquals(16, events(in));
        assertEquals(events(ok), events(in));
    }

    @Test
    void parquetWithoutTheCanonicalColumnsIsRefused() throws SQLException {
        Path p = dir.resolve("other.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT 1 AS user, 2 AS item, 'pv' AS behavior, 3 AS ts) TO " + EventIngest.literal(p)
                    + " (FORMAT parquet)");
        }
        DataException e = assertThrows(DataException.class, () -> EventIngest.ingest(
                new EventIngest.Source(p, null, null), options("q"), dir.resolve("w")));
        assertTrue(e.getMessage().contains("has no column 'user_id'"), e.getMessage());
    }

    @Test
    void formatsWithoutTimeAreRefused() throws IOException {
        Path f = Fixture.write(dir, "seq.txt", List.of("1 2", "1 3"));
        DataException e = assertThrows(DataException.class, () -> EventIngest.ingest(
                new EventIngest.Source(f, EventFormat.SASREC, null), options("q"), dir.resolve("w")));
        assertTrue(e.getMessage().contains("has no timestamps"), e.getMessage());
    }

    /** Every table of {@code e}, in report order. */
    private static List<ResultTable> tables(AnalyticsEngine e) {
        return Arrays.stream(Query.values()).map(e::run).toList();
    }

    private void assertLoadedLikeIngested(EventIngest.Source source, AnalyticsOptions o) {
        AnalyticsInput in = EventIngest.ingest(source, options("qa"), dir.resolve("work-" + o.hashCode()));
        try (DuckDbEngine viaParquet = new DuckDbEngine(in, o);
             DuckDbEngine loaded = DuckDbEngine.load(source, options("qb"), o)) {
            assertEquals(in.reports().size(), loaded.input().reports().size());
            for (int i = 0; i < in.reports().size(); i++) {
                LoadReport a = in.reports().get(i);
                LoadReport b = loaded.input().reports().get(i);
                assertEquals(List.of(a.rows(), a.accepted(), a.rejected(), a.sha256()),
                        List.of(b.rows(), b.accepted(), b.rejected(), b.sha256()), a.file().toString());
                assertEquals(a.rejectedByReason(), b.rejectedByReason());
                assertEquals(a.examples(), b.examples());
                if (a.quarantineFile() != null) {
                    assertEquals(Files.readAllLines(a.quarantineFile()), Files.readAllLines(b.quarantineFile()));
                }
            }
            assertEquals(tables(viaParquet), tables(loaded));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void loadingIntoDuckDbRejectsAndAnswersLikeIngestingToParquet() throws IOException, SQLException {
        List<String> lines = new ArrayList<>(Fixture.LINES);
        lines.add(3, "1,10,100,pv");
        lines.add(8, "2,10,100,clickk," + Fixture.D0);
        Path text = Fixture.write(dir, "bad.csv", lines);
        Path items = Fixture.write(dir, "items.csv", List.of("item,category,price", "10,100,5.00", "10,100,6.00",
                "x1,100,1.00", "11,100,-2", "12,100,10.00", "20,200,99.99", "21,200,1", "22,200,1", "23,200,1"));
        assertLoadedLikeIngested(new EventIngest.Source(text, EventFormat.TAOBAO, items), Fixture.utc(true));
        assertLoadedLikeIngested(new EventIngest.Source(text, EventFormat.TAOBAO, null), Fixture.utc(false));
        Path named = Fixture.write(dir, "named.csv", List.of("user,item,category,behavior,timestamp",
                "alice,\"sku,1\",shoes,view," + Fixture.D0, "bob,sku2,,purchase," + (Fixture.D0 + 60),
                "alice,sku2,bags,buy," + (Fixture.D0 + 120)));
        assertLoadedLikeIngested(new EventIngest.Source(named, EventFormat.SHOPLENS, null), Fixture.utc(false));
        Path bad = dir.resolve("bad.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM read_csv(" + EventIngest.literal(Fixture.write(dir, "ok.csv",
                    Fixture.LINES)) + ", header = false, columns = {'user_id': 'BIGINT', 'item_id': 'BIGINT', "
                    + "'category_id': 'BIGINT', 'behavior': 'VARCHAR', 'ts': 'BIGINT'}) UNION ALL SELECT 9, 9, 9, "
                    + "'clickk', " + Fixture.D0 + " UNION ALL SELECT NULL, 9, 9, 'pv', " + Fixture.D0
                    + " UNION ALL SELECT 9, 9, 9, 'pv', 5) TO " + EventIngest.literal(bad) + " (FORMAT parquet)");
        }
        assertLoadedLikeIngested(new EventIngest.Source(bad, null, items), Fixture.utc(true));
        Path clean = dir.resolve("clean.parquet");
        EventIngest.generatedLogToParquet(Fixture.write(dir, "clean.csv", Fixture.LINES), clean);
        assertLoadedLikeIngested(new EventIngest.Source(clean, null, null), Fixture.utc(false));
    }

    @Test
    void tooManyBadRowsFailTheLoadLikeTheIngest() throws IOException {
        List<String> lines = new ArrayList<>(Fixture.LINES);
        lines.add("1,10,100,clickk," + Fixture.D0);
        Path f = Fixture.write(dir, "bad.csv", lines);
        LoadOptions strict = LoadOptions.defaults(dir.resolve("q"));
        EventIngest.Source s = new EventIngest.Source(f, EventFormat.TAOBAO, null);
        DataException ingest = assertThrows(DataException.class, () -> EventIngest.ingest(s, strict, dir.resolve("w")));
        DataException load = assertThrows(DataException.class, () -> DuckDbEngine.load(s, strict, Fixture.utc(false)));
        assertEquals(ingest.getMessage(), load.getMessage());
    }
}
