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
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
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
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on loopback: a master ({@code org.apache.spark.deploy.master.Master}) and two
 * workers ({@code org.apache.spark.deploy.worker.Worker}, one core and 1 GiB each) in child JVMs started from this
 * test's class path with the options of {@code spark/jvm-options.txt}; the workers start one executor JVM each for
 * the application. The driver (this JVM) runs {@link SparkAnalyticsJob} on the cluster over a generated log for a
 * cross-section of the report; every table it writes must equal DuckDB's. The workers' executor command needs a Spark home: a folder with an empty
 * {@code jars/} stands in for it, and the executors get this class path through
 * {@code spark.executor.extraClassPath} (Spark adds its module opens to executor JVMs itself).
 */
class StandaloneClusterTest {
    private static final long START_TIMEOUT_S = 90;
    /** A cross-section of the report (every query's parity is checked in local mode by AnalyticsParityTest). */
    private static final List<Query> QUERIES = List.of(Query.OVERVIEW, Query.FUNNEL_CATEGORY, Query.RFM_SEGMENTS);

    @TempDir
    static Path dir;
    static final List<Process> processes = new ArrayList<>();
    static String master;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static List<String> jvmOptions() throws IOException {
        Path options = Path.of("jvm-options.txt");
        if (!Files.isRegularFile(options)) {
            options = Path.of("spark", "jvm-options.txt");
        }
        return Files.readAllLines(options).stream().map(String::strip).filter(s -> !s.isEmpty())
                .filter(s -> !s.startsWith("--add-modules=jdk.incubator.vector")).toList();
    }

    /** Starts {@code mainClass} in a child JVM whose output goes to {@code <dir>/<name>.log}. */
    static void start(String name, String mainClass, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(jvmOptions());
        // the test class path's simplelogger.properties keeps Spark at warn; the deploy daemons' state is info
        cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.spark.deploy=info");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        processes.add(pb.start());
    }

    /** Waits until {@code count} of the logs named hold {@code marker}; false after the timeout. */
    static boolean await(String marker, int count, String... names) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            int found = 0;
            for (String n : names) {
                found += logOf(n).contains(marker) ? 1 : 0;
            }
            if (found >= count) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    static String logOf(String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    @BeforeAll
    static void startCluster() throws Exception {
        SparkSessions.stop();
        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        start("master", "org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        assertTrue(await("I have been elected leader", 1, "master"), "master did not start: " + logOf("master"));
        for (int w = 1; w <= 2; w++) {
            Path work = Files.createDirectories(dir.resolve("worker" + w));
            start("worker" + w, "org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--work-dir", work.toString(), "--webui-port",
                    Integer.toString(freePort()), master));
        }
        assertTrue(await("Successfully registered with master", 2, "worker1", "worker2"),
                "workers did not register: " + logOf("worker1") + logOf("worker2") + logOf("master"));
    }

    static List<Process> reversed() {
        List<Process> r = new ArrayList<>(processes);
        java.util.Collections.reverse(r);
        return r;
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        SparkSessions.stop();
        for (Process p : reversed()) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
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
        String cp = System.getProperty("java.class.path");
        SparkSession spark = SparkSessions.getOrCreate(master, Map.of(
                "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                "spark.executor.memory", "512m", "spark.executor.cores", "1", "spark.cores.max", "2",
                "spark.executor.extraClassPath", cp));
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
