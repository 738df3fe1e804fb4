package io.shoplens.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
    static final String MASTER = "local[2]";

    @Test
    void startsALocalSessionWithTheProjectSettings() {
        SparkSession spark = SparkSessions.getOrCreate(MASTER);
        assertEquals(MASTER, spark.sparkContext().master());
        assertTrue(spark.sparkContext().uiWebUrl().isEmpty(), "the web UI must be off");
        assertEquals("4", spark.conf().get("spark.sql.shuffle.partitions"));
        assertEquals("127.0.0.1", spark.sparkContext().getConf().get("spark.driver.host"));
        assertEquals(4950L, spark.range(100).selectExpr("sum(id)").first().getLong(0));
        assertSame(spark, SparkSessions.getOrCreate(MASTER), "a running session is reused");
    }

    @Test
    void refusesASecondMasterWhileOneRuns() {
        SparkSessions.getOrCreate(MASTER);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SparkSessions.getOrCreate("local[1]"));
        assertTrue(e.getMessage().contains("local[1]") && e.getMessage().contains(MASTER), e.getMessage());
    }

    @Test
    void rejectsABlankMaster() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkSessions.getOrCreate(" "));
        assertTrue(e.getMessage().contains("master"), e.getMessage());
    }

    @Test
    void settingsBindLocalDriversToLoopbackOnly() {
        Map<String, String> local = SparkSessions.settings("local[*]", Map.of("spark.sql.shuffle.partitions", "8"));
        assertEquals("127.0.0.1", local.get("spark.driver.bindAddress"));
        assertEquals("false", local.get("spark.ui.enabled"));
        assertEquals("8", local.get("spark.sql.shuffle.partitions"), "overrides win");
        Map<String, String> cluster = SparkSessions.settings("spark://example:7077", Map.of());
        assertFalse(cluster.containsKey("spark.driver.bindAddress"));
        assertEquals("4", cluster.get("spark.sql.shuffle.partitions"));
        assertEquals(NoMetricsServlet.class.getName(), cluster.get("spark.metrics.conf.driver.sink.servlet.class"),
                "the driver builds no servlet handler (the CLI's Servlet 6 API lacks what Spark's needs)");
    }

    @Test
    void jvmOptionsFileListsWhatSparkNeedsAndTheTestJvmHasIt() throws IOException {
        Path file = Path.of("jvm-options.txt");
        List<String> options = Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        for (String open : SparkSessions.REQUIRED_OPENS) {
            assertTrue(options.contains("--add-opens=" + open + "=ALL-UNNAMED"), open + " missing from " + file);
        }
        List<String> running = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : options) {
            assertTrue(running.contains(option), "surefire argLine lacks " + option);
        }
        assertEquals(List.of(), SparkSessions.missingJvmOptions());
    }
}
