package io.shoplens.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The one place where Shoplens starts Apache Spark (Zaharia et al., "Apache Spark: a unified engine for big data
 * processing", CACM 2016). A session is local by default ({@code local[*]}: one executor thread per core in this
 * JVM) or runs on the cluster a master URL names ({@code spark://host:7077}, {@code yarn}, ...).
 *
 * <p>Every session gets the same settings ({@link #settings}): no web UI and no console progress bar,
 * {@value #SHUFFLE_PARTITIONS} shuffle partitions (Spark's 200 suit clusters, not one machine), a warehouse folder
 * under the temporary directory instead of the working directory, and for local masters a driver bound to the
 * loopback address {@code 127.0.0.1}, so a local session opens no port beyond loopback. The driver's metrics
 * servlet is {@link NoMetricsServlet} (the UI that would show it is off, and Spark's needs Servlet 5).
 *
 * <p>Spark 4.1 runs on JDK 17 and 21 and needs the JVM options of its launcher (module opens, listed one per line
 * in {@code spark/jvm-options.txt}); {@link #getOrCreate} checks for them and fails with the missing ones named
 * instead of letting Spark fail later with an {@code IllegalAccessError}.
 */
public final class SparkSessions {
    private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

    /** The default master: local mode with one thread per core. */
    public static final String DEFAULT_MASTER = "local[*]";
    /** Shuffle partitions of every session ({@code spark.sql.shuffle.partitions}). */
    public static final int SHUFFLE_PARTITIONS = 4;
    /** The newest JDK feature release Spark 4.1 runs on. */
    public static final int MAX_JDK = 21;

    /**
     * The packages Spark reaches into reflectively, as {@code module/package}: each must be opened to unnamed
     * modules with {@code --add-opens=module/package=ALL-UNNAMED}.
     */
    public static final List<String> REQUIRED_OPENS = List.of(
            "java.base/java.lang", "java.base/java.lang.invoke", "java.base/java.lang.reflect", "java.base/java.io",
            "java.base/java.net", "java.base/java.nio", "java.base/java.util", "java.base/java.util.concurrent",
            "java.base/java.util.concurrent.atomic", "java.base/jdk.internal.ref", "java.base/sun.nio.ch",
            "java.base/sun.nio.cs", "java.base/sun.security.action", "java.base/sun.util.calendar");

    private SparkSessions() {
    }

    /** The running session for {@code master}, or a new one with {@link #settings} (see {@link #getOrCreate(String, Map)}). */
    public static SparkSession getOrCreate(String master) {
        return getOrCreate(master, Map.of());
    }

    /**
     * The session of this JVM for {@code master}: the running default session when its master is
     * {@code master}, else a new one with {@link #settings}{@code (master, overrides)}. Spark allows one
     * SparkContext per JVM, so asking for a different master while a session runs is an error; {@link #stop} it
     * first. {@code overrides} apply only when a session is created.
     *
     * @param master    a Spark master URL, e.g. {@code local[2]}, {@code local[*]}, {@code spark://host:7077}
     * @param overrides Spark settings that replace or extend the defaults
     * @throws IllegalArgumentException for a blank master
     * @throws IllegalStateException    when another master is running, on a JDK newer than {@value #MAX_JDK}, or
     *                                  when the JVM lacks Spark's module opens
     */
    public static synchronized SparkSession getOrCreate(String master, Map<String, String> overrides) {
        checkMaster(master);
        Option<SparkSession> existing = SparkSession.getDefaultSession();
        if (existing.isDefined() && !existing.get().sparkContext().isStopped()) {
            String running = existing.get().sparkContext().master();
            if (!running.equals(master)) {
                throw new IllegalStateException("a Spark session with master " + running
                        + " is already running in this JVM; cannot start one with master " + master
                        + " (stop the running one first)");
            }
            return existing.get();
        }
        checkJvm();
        long t0 = System.nanoTime();
        SparkSession.Builder builder = SparkSession.builder();
        settings(master, overrides).forEach(builder::config);
        SparkSession session = builder.getOrCreate();
        LOG.info("Spark {} session with master {} started in {} s", session.version(), master,
                String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
        return session;
    }

    /** Stops this JVM's default session, if one is running. */
    public static synchronized void stop() {
        Option<SparkSession> existing = SparkSession.getDefaultSession();
        if (existing.isDefined()) {
            existing.get().stop();
        }
    }

    /**
     * The settings a session for {@code master} starts with, {@code overrides} applied last: master, application
     * name {@code shoplens}, web UI, console progress and the driver's metrics servlet off,
     * {@value #SHUFFLE_PARTITIONS} shuffle partitions,
     * warehouse under {@code java.io.tmpdir}, and for {@code local} masters the driver on {@code 127.0.0.1}.
     */
    public static Map<String, String> settings(String master, Map<String, String> overrides) {
        checkMaster(master);
        Map<String, String> s = new LinkedHashMap<>();
        s.put("spark.master", master);
        s.put("spark.app.name", "shoplens");
        s.put("spark.ui.enabled", "false");
        s.put("spark.ui.showConsoleProgress", "false");
        s.put("spark.metrics.conf.driver.sink.servlet.class", NoMetricsServlet.class.getName());
        s.put("spark.sql.shuffle.partitions", Integer.toString(SHUFFLE_PARTITIONS));
        s.put("spark.sql.warehouse.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "shoplens-spark-warehouse").toUri().toString());
        if (isLocal(master)) {
            s.put("spark.driver.host", "127.0.0.1");
            s.put("spark.driver.bindAddress", "127.0.0.1");
        }
        s.putAll(overrides);
        return s;
    }

    /** Whether {@code master} runs Spark inside this JVM ({@code local}, {@code local[N]}, {@code local[*]}...). */
    public static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[") || master.startsWith("local-cluster[");
    }

    /**
     * The entries of {@link #REQUIRED_OPENS} that this JVM does not open to unnamed modules, as the
     * {@code --add-opens} options that would fix it; empty when Spark can run.
     */
    public static List<String> missingJvmOptions() {
        List<String> missing = new ArrayList<>();
        Module unnamed = SparkSessions.class.getClassLoader().getUnnamedModule();
        for (String entry : REQUIRED_OPENS) {
            int slash = entry.indexOf('/');
            String moduleName = entry.substring(0, slash);
            String pkg = entry.substring(slash + 1);
            boolean open = ModuleLayer.boot().findModule(moduleName).map(m -> m.isOpen(pkg, unnamed)).orElse(false);
            if (!open) {
                missing.add("--add-opens=" + entry + "=ALL-UNNAMED");
            }
        }
        return missing;
    }

    private static void checkJvm() {
        int jdk = Runtime.version().feature();
        if (jdk > MAX_JDK) {
            throw new IllegalStateException("Spark 4.1 runs on JDK 17 to " + MAX_JDK + "; this JVM is JDK " + jdk
                    + " (point JAVA_HOME at a JDK 17)");
        }
        List<String> missing = missingJvmOptions();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Spark needs JVM options this JVM was started without: "
                    + String.join(" ", missing) + " (the full list is spark/jvm-options.txt)");
        }
    }

    private static void checkMaster(String master) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("Spark master must not be blank, got '" + master + "'");
        }
    }
}
