package io.shoplens.spark.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.analytics.DuckDbEngine;
import io.shoplens.analytics.EventIngest;
import io.shoplens.analytics.Query;
import io.shoplens.analytics.ResultTable;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import io.shoplens.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB and Spark (local[2]) give identical tables, value for value: every query of the report on a generated log
 * with a priced catalogue; the queries that change without prices on the same log without them; the queries
 * that group or order by ids on a small log with text ids.
 */
class AnalyticsParityTest {
    static final String MASTER = "local[2]";

    @TempDir
    static Path dir;
    static Path events;
    static Path items;

    @BeforeAll
    static void generate() throws IOException {
        events = dir.resolve("events.csv.gz");
        items = dir.resolve("items.csv");
        GeneratorConfig cfg = GeneratorConfig.small(30_000, 400, 3_000, 40, 9, 7);
        new SyntheticLogGenerator(2).generate(cfg, events, items, null, null, n -> { });
    }

    /** Runs {@code queries} on both engines and compares every table. */
    static void assertParity(SparkSession spark, AnalyticsInput in, AnalyticsOptions o, List<Query> queries) {
        try (DuckDbEngine duck = new DuckDbEngine(in, o); SparkAnalyticsEngine sp = new SparkAnalyticsEngine(spark, in, o)) {
            for (Query q : queries) {
                ResultTable a = duck.run(q);
                ResultTable b = sp.run(q);
                assertEquals(a.columns(), b.columns(), q.table() + " columns");
                assertEquals(a.size(), b.size(), q.table() + " rows");
                for (int r = 0; r < a.size(); r++) {
                    assertEquals(a.rows().get(r), b.rows().get(r), q.table() + " row " + r);
                }
            }
        }
    }

    private static AnalyticsInput ingest(Path log, EventFormat format, Path catalogue, String work) {
        return EventIngest.ingest(new EventIngest.Source(log, format, catalogue),
                LoadOptions.defaults(dir.resolve("quarantine")), dir.resolve(work));
    }

    @Test
    void generatedLogWithPrices() {
        AnalyticsInput in = ingest(events, EventFormat.TAOBAO, items, "priced");
        assertTrue(in.eventRows() == 30_000 && in.hasItems());
        assertParity(SparkSessions.getOrCreate(MASTER), in, AnalyticsOptions.defaults().withPrices(true),
                List.of(Query.values()));
    }

    @Test
    void generatedLogWithoutPrices() {
        // only the queries whose SQL changes without prices (RFM's monetary value) or whose results turn NULL
        AnalyticsInput in = ingest(events, EventFormat.TAOBAO, null, "plain");
        assertParity(SparkSessions.getOrCreate(MASTER), in, new AnalyticsOptions(0, 5, false), List.of(
                Query.RFM_USERS, Query.RFM_SEGMENTS, Query.BASKET, Query.TOP_CATEGORIES_BY_SALES));
    }

    @Test
    void textIds() throws IOException {
        long t = 1_511_568_000L;
        Path log = dir.resolve("text.csv");
        Files.write(log, List.of("user,item,category,behavior,timestamp",
                "alice,\"sku,1\",shoes,view," + t, "bob,sku2,,purchase," + (t + 60), "alice,sku2,bags,buy," + (t + 120),
                "carol,sku3,bags,cart," + (t + 86_400), "alice,sku3,bags,view," + (t + 2 * 86_400)));
        assertParity(SparkSessions.getOrCreate(MASTER), ingest(log, EventFormat.SHOPLENS, null, "text"),
                AnalyticsOptions.defaults(), List.of(Query.OVERVIEW, Query.FUNNEL_CATEGORY, Query.TOP_ITEMS_BY_VIEWS,
                        Query.TOP_ITEMS_BY_SALES, Query.RFM_USERS));
    }
}
