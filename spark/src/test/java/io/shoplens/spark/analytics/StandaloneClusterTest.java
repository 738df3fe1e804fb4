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
import io.shoplens.spark.LocalCluster;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on loopback ({@link LocalCluster}: a master and two one-core workers in child
 * JVMs). The driver (this JVM) runs {@link SparkAnalyticsJob} on the cluster over a generated log for a
 * cross-section of the report; every table it writes must equal DuckDB's.
 */
class StandaloneClusterTest {
    /** A cross-section of the report (every query's parity is checked in local mode by AnalyticsParityTest). */
    private static final List<Query> QUERIES = List.of(Query.OVERVIEW, Query.FUNNEL_CATEGORY, Query.RFM_SEGMENTS);

    @TempDir
    static Path dir;
    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start(dir, 2);
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void analyticsJobRunsOnTwoWorkersAndMatchesDuckDb() throws Exception {
        Path log = dir.resolve("events.csv.gz");
        Path items = dir.resolve("items.csv");
        new SyntheticLogGenerator(2).generate(GeneratorConfig.small(10_000, 200, 1_000, 30, 9, 11), log, items,
                null, null, n -> { });
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(log, EventFormat.TAOBAO, items),
                LoadOptions.defaults(dir.resolve("quarantine")), dir.resolve("work"));
        AnalyticsOptions options = AnalyticsOptions.defaults().withPrices(true);
        SparkSession spark = cluster.session();
        Path out = dir.resolve("out");
        Map<String, Long> rows = SparkAnalyticsJob.run(spark, in.events().toUri().toString(),
                in.items().toUri().toString(), options, out.toUri().toString(), QUERIES);
        int executors = spark.sparkContext().getExecutorMemoryStatus().size() - 1;
        assertEquals(2, executors, "executors besides the driver");
        try (DuckDbEngine duck = new DuckDbEngine(in, options);
             Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            for (Query q : QUERIES) {
                ResultTable expected = duck.run(q);
                assertEquals(expected.size(), rows.get(q.table()), q.table() + " rows");
                assertEquals(sorted(expected.rows()), sorted(readBack(c, out.resolve(q.table()).resolve("parquet"),
                        expected)), q.table());
            }
        }
    }

    /** Rows of the Parquet files Spark wrote, typed like {@code like}. */
    static List<List<Object>> readBack(Connection c, Path folder, ResultTable like) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('"
                + folder + File.separator + "*.parquet')")) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < like.columns().size(); i++) {
                    row.add(ResultTable.normalize(rs.getObject(i + 1), like.columns().get(i).type()));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static List<String> sorted(List<List<Object>> rows) {
        return rows.stream().map(Object::toString).sorted(Comparator.naturalOrder()).toList();
    }

}
