package io.shoplens.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * A real Spark standalone cluster on loopback for tests: a master ({@code org.apache.spark.deploy.master.Master})
 * and workers ({@code org.apache.spark.deploy.worker.Worker}, one core and 1 GiB each) in child JVMs started from
 * the test class path with the options of {@code spark/jvm-options.txt}; the workers start one executor JVM each
 * for the application. The workers' executor command needs a Spark home: a folder with an empty {@code jars/}
 * stands in for it, and the executors get the test class path through {@code spark.executor.extraClassPath}
 * (Spark adds its module opens to executor JVMs itself).
 */
public final class LocalCluster implements AutoCloseable {
    private static final long START_TIMEOUT_S = 90;

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final String master;
    private final int workers;

    private LocalCluster(Path dir, String master, int workers) {
        this.dir = dir;
        this.master = master;
        this.workers = workers;
    }

    /** Starts a master and {@code workers} workers with their logs and work folders under {@code dir}. */
    public static LocalCluster start(Path dir, int workers) throws IOException, InterruptedException {
        SparkSessions.stop();
        int port = freePort();
        LocalCluster c = new LocalCluster(dir, "spark://127.0.0.1:" + port, workers);
        c.launch("master", "org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        assertTrue(c.await("I have been elected leader", 1, "master"), "master did not start: " + c.logOf("master"));
        List<String> names = new ArrayList<>();
        for (int w = 1; w <= workers; w++) {
            Path work = Files.createDirectories(dir.resolve("worker" + w));
            c.launch("worker" + w, "org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--work-dir", work.toString(), "--webui-port",
                    Integer.toString(freePort()), c.master));
            names.add("worker" + w);
        }
        StringBuilder logs = new StringBuilder();
        for (String n : names) {
            logs.append(c.logOf(n));
        }
        assertTrue(c.await("Successfully registered with master", workers, names.toArray(String[]::new)),
                "workers did not register: " + logs + c.logOf("master"));
        return c;
    }

    /** The master URL. */
    public String master() {
        return master;
    }

    /** A session on this cluster: one core and 512 MiB per executor, the test class path on the executors. */
    public SparkSession session() {
        return SparkSessions.getOrCreate(master, Map.of(
                "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                "spark.executor.memory", "512m", "spark.executor.cores", "1",
                "spark.cores.max", Integer.toString(workers),
                "spark.executor.extraClassPath", System.getProperty("java.class.path")));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
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
    private void launch(String name, String mainClass, List<String> args) throws IOException {
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
    private boolean await(String marker, int count, String... names) throws IOException, InterruptedException {
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

    /** The log of the daemon {@code name} ({@code master}, {@code worker1}, ...). */
    public String logOf(String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /** Stops the session, then the workers (and their executors) and the master. */
    @Override
    public void close() throws InterruptedException {
        SparkSessions.stop();
        List<Process> reversed = new ArrayList<>(processes);
        Collections.reverse(reversed);
        for (Process p : reversed) {
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
}
