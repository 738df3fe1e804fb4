package io.shoplens.spark.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.analytics.Dialect;
import io.shoplens.analytics.DuckDbEngine;
import io.shoplens.analytics.EventIngest;
import io.shoplens.analytics.ResultTable;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import io.shoplens.profile.ProfileJob;
import io.shoplens.profile.ProfileOptions;
import io.shoplens.profile.ProfileReport;
import io.shoplens.profile.ProfileSql;
import io.shoplens.profile.Pseudonymizer;
import io.shoplens.profile.SmallCells;
import io.shoplens.profile.TagRules;
import io.shoplens.profile.UserIngest;
import io.shoplens.profile.segment.AdjustedRandIndex;
import io.shoplens.profile.segment.SegmentParams;
import io.shoplens.profile.synth.PersonaLog;
import io.shoplens.spark.SparkSessions;
import io.shoplens.spark.analytics.SparkAnalyticsEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB and Spark (local[2]) give identical profile tables, value for value, on a tiny hand-made log with prices and
 * user attributes and on a generated log; the whole Spark job (MLlib k-means, pseudonyms, aggregates) runs on a
 * persona log and recovers the personas.
 */
class ProfileParityTest {
    static final String MASTER = "local[2]";
    static final long D0 = 1_511_568_000L;
    static final long DAY = 86_400L;

    @TempDir
    Path dir;

    private static void assertParity(AnalyticsInput in, ProfileOptions o, UserIngest.Result users) {
        SparkSession spark = SparkSessions.getOrCreate(MASTER);
        ProfileOptions opts = o.withUsers(users != null);
        TagRules tags = TagRules.defaults();
        try (DuckDbEngine duck = new DuckDbEngine(in, o.analytics());
             SparkAnalyticsEngine sp = new SparkAnalyticsEngine(spark, in, o.analytics())) {
            if (users != null) {
                duck.createView("users", users.parquet());
                sp.createView("users", users.parquet().toUri().toString());
            }
            ResultTable a = duck.query("profiles", ProfileSql.sql(Dialect.DUCKDB, opts, tags));
            ResultTable b = SparkProfileJob.table(sp, opts, tags);
            assertEquals(a.columns(), b.columns());
            assertEquals(ProfileSql.COLUMNS, a.columns().stream().map(ResultTable.Column::name).toList());
            assertEquals(a.size(), b.size());
            for (int r = 0; r < a.size(); r++) {
                assertEquals(a.rows().get(r), b.rows().get(r), "row " + r);
            }
            assertTrue(a.size() > 0);
        }
    }

    @Test
    void tinyLogWithPricesAndUsers() throws Exception {
        Path events = Files.write(Files.createDirectories(dir.resolve("tiny")).resolve("events.csv"), List.of(
                "1,10,100,pv," + (D0 + 3600), "1,11,100,pv," + (D0 + 3700), "1,10,100,cart," + (D0 + 3800),
                "1,10,100,buy," + (D0 + 4000), "1,12,100,pv," + (D0 + DAY + 3600), "1,12,100,buy," + (D0 + DAY + 3700),
                "1,10,100,pv," + (D0 + 6 * DAY + 7200), "2,20,200,pv," + (D0 + 20 * 3600),
                "2,20,200,fav," + (D0 + 20 * 3600 + 60), "3,10,100,pv," + (D0 + 6 * DAY + 13 * 3600),
                "3,20,200,pv," + (D0 + 6 * DAY + 13 * 3600 + 60), "3,20,200,buy," + (D0 + 6 * DAY + 13 * 3600 + 120),
                "4,11,100,pv," + (D0 + 2 * DAY + 3 * 3600)));
        Path items = Files.write(dir.resolve("tiny/items.csv"), List.of("item,category,price,title", "10,100,5.00,a",
                "11,100,2.50,b", "12,100,10.00,c", "20,200,99.99,d"));
        Path users = Files.write(dir.resolve("tiny/users.csv"), List.of("user,age_band,gender,region",
                "1,25-34,f,Hangzhou", "3,35-44,m,"));
        LoadOptions load = LoadOptions.defaults(dir.resolve("q"));
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(events, EventFormat.TAOBAO, items), load,
                dir.resolve("tiny/work"));
        assertParity(in, ProfileOptions.of(new AnalyticsOptions(0, 20, true)),
                UserIngest.ingest(users, load, dir.resolve("tiny/work")));
    }

    @Test
    void generatedLog() throws Exception {
        Path events = dir.resolve("gen/events.csv.gz");
        Path items = dir.resolve("gen/items.csv");
        Files.createDirectories(events.getParent());
        new SyntheticLogGenerator(2).generate(GeneratorConfig.small(30_000, 400, 3_000, 40, 9, 7), events, items,
                null, null, n -> { });
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(events, EventFormat.TAOBAO, items),
                LoadOptions.defaults(dir.resolve("q")), dir.resolve("gen/work"));
        assertParity(in, ProfileOptions.of(AnalyticsOptions.defaults().withPrices(true)), null);
    }

    @Test
    void sparkJobSegmentsPersonasWithMllib() throws Exception {
        PersonaLog.Files3 log = PersonaLog.write(dir.resolve("persona"), 1_000, 14, 20, 3);
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(log.events(), EventFormat.TAOBAO, log.items()),
                LoadOptions.defaults(dir.resolve("q")), dir.resolve("persona/work"));
        Pseudonymizer key = new Pseudonymizer("spark-test-key-0123456789".getBytes());
        SparkSession spark = SparkSessions.getOrCreate(MASTER);
        ProfileReport r = SparkProfileJob.run(spark, in, null, new ProfileJob.Config(
                ProfileOptions.of(AnalyticsOptions.defaults().withPrices(true)), TagRules.defaults(),
                new SegmentParams(4, 6, 1_000, 200_000, 20, 42), key, new SmallCells(5)), dir.resolve("out"));
        assertEquals(0, JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs().size(),
                "the job releases everything it cached (the session outlives it)");
        Map<String, Integer> persona = new HashMap<>();
        for (String line : Files.readAllLines(log.personas()).subList(1, 1_001)) {
            String[] f = line.split(",");
            persona.put(key.pseudonym(f[0]), Integer.parseInt(f[1]));
        }
        List<Row> rows = spark.read().parquet(dir.resolve("out/profiles.parquet").toString())
                .select("user_id", "segment").collectAsList();
        int[] truth = new int[rows.size()];
        int[] found = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            truth[i] = persona.get(rows.get(i).getString(0));
            found[i] = rows.get(i).getInt(1);
        }
        double ari = AdjustedRandIndex.of(truth, found);
        System.out.printf(Locale.ROOT, "spark MLlib segments: k = %d (silhouette %s), ARI = %.4f%n", r.model().k(),
                r.model().silhouettes(), ari);
        assertEquals(1_000, rows.size());
        assertEquals("spark", r.engine());
        assertTrue(ari >= 0.8, "ARI " + ari);
        assertTrue(Files.isRegularFile(dir.resolve("out/profile.json")));
        assertTrue(Files.isRegularFile(dir.resolve("out/segments.csv")));
    }
}
