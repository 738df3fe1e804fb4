package io.shoplens.cli;

import io.shoplens.analytics.AnalyticsEngine;
import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.analytics.AnalyticsReport;
import io.shoplens.analytics.EventIngest;
import io.shoplens.analytics.ResultTable;
import io.shoplens.core.data.DataException;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The analytics report against a raw-DuckDB peer, and on each engine. First {@code shoplens analyze} on DuckDB (what
 * the command does: validation and quarantine, every query, tables, analytics.json and report.html written)
 * alternates with {@link RawDuckDbAnalytics} (the same tables in hand-written SQL on DuckDB JDBC) for
 * {@code --runs} pairs; the medians and their ratio are printed with the load average beside every run, and every
 * table of every run is checked against the peer's first (row counts and a SHA-256 of the cells). Then each other
 * engine (Spark) runs the report on the validated input, timed once, its tables compared with DuckDB's.
 */
@Command(name = "analytics", mixinStandardHelpOptions = true,
        description = "Time 'shoplens analyze' on DuckDB against a peer computing the same tables with hand-written "
                + "SQL on raw DuckDB JDBC, alternating runs (peer, shoplens, ...), medians and their ratio with the "
                + "load average, every table checked identical; then the other engines (Spark) once each, tables "
                + "compared. The log is --data, or a Taobao-style log of --events events generated once (cached) "
                + "with its priced catalogue.")
final class BenchAnalytics implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--events", defaultValue = "10000000", paramLabel = "N",
            description = "Events of the generated log (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Taobao-layout log (.csv, .csv.gz or canonical .parquet) instead of a generated one.")
    Path data;

    @Option(names = "--items", paramLabel = "FILE",
            description = "Item catalogue CSV for --data (prices for revenue and RFM); none when not given.")
    Path items;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N",
            description = "Timed pairs of peer and shoplens runs, alternating (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--engines", split = ",", defaultValue = "duckdb,spark", paramLabel = "NAME",
            description = "Engines, separated by commas; duckdb is the one timed against the peer (default: "
                    + "${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(names = "--spark-master", defaultValue = SparkSessions.DEFAULT_MASTER, paramLabel = "URL",
            description = "Spark master (default: ${DEFAULT-VALUE}).")
    String sparkMaster;

    @Option(names = "--cache", defaultValue = "out/bench", paramLabel = "DIR",
            description = "Where generated logs, analyze's output and the quarantine are kept (default: "
                    + "${DEFAULT-VALUE}).")
    Path cache;

    @Override
    public Integer call() throws IOException, SQLException {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path log = data;
        Path catalogue = items;
        if (log == null) {
            log = cache.resolve("taobao-" + events + ".csv.gz");
            catalogue = cache.resolve("taobao-" + events + "-items.csv");
            if (!Files.isRegularFile(log) || !Files.isRegularFile(catalogue)) {
                generate(out, log, catalogue);
            }
        }
        out.printf(Locale.ROOT, "log %s (%,d bytes)%s; %s%n", log, Files.size(log),
                catalogue == null ? ", no catalogue" : " with catalogue " + catalogue.getFileName(),
                BenchScale.machine());
        EventIngest.Source source = new EventIngest.Source(log, EventFormat.TAOBAO, catalogue);
        LoadOptions load = LoadOptions.defaults(cache.resolve("quarantine"));
        Path work = cache.resolve("analyze-" + log.getFileName());
        Map<String, AnalyticsReport> reports = new LinkedHashMap<>();
        if (engines.stream().anyMatch(e -> e.equalsIgnoreCase("duckdb"))) {
            reports.put("duckdb", againstPeer(out, source, load, work));
        }
        AnalyticsInput input = null;
        for (String name : engines) {
            if (name.equalsIgnoreCase("duckdb")) {
                continue;
            }
            if (input == null) {
                input = EventIngest.ingest(source, load, work.resolve("input"));
            }
            AnalyticsOptions options = new AnalyticsOptions(AnalyticsOptions.BEIJING, AnalyticsOptions.DEFAULT_TOP_N,
                    input.hasItems());
            long s0 = System.nanoTime();
            AnalyticsReport r;
            try (AnalyticsEngine e = AnalyzeCommand.open(name, sparkMaster, input, options)) {
                r = AnalyticsReport.run(e, input, options);
            } finally {
                if (name.equalsIgnoreCase("spark")) {
                    SparkSessions.stop();
                }
            }
            double s = (System.nanoTime() - s0) / 1e9;
            reports.put(name, r);
            out.printf(Locale.ROOT, "%-6s whole report on the validated input (%d queries, engine start included): "
                    + "%.1f s = %,.0f events/s; slowest query %s; load average %s%n", name, r.tables().size(), s,
                    input.eventRows() / s, slowest(r), loadAverage());
        }
        if (reports.size() > 1) {
            Tables per = new Tables();
            List<Object> header = new ArrayList<>(List.of("query"));
            header.addAll(reports.keySet().stream().map(e -> e + " s").toList());
            per.row(header.toArray());
            for (String table : reports.values().iterator().next().seconds().keySet()) {
                List<Object> row = new ArrayList<>(List.of(table));
                reports.values().forEach(r -> row.add(r.seconds().get(table)));
                per.row(row.toArray());
            }
            per.print(out);
            String first = reports.keySet().iterator().next();
            for (String other : reports.keySet()) {
                if (!other.equals(first)) {
                    List<String> diff = differences(reports.get(first), reports.get(other));
                    out.println(diff.isEmpty() ? "tables of " + other + " and " + first + ": identical"
                            : "tables of " + other + " and " + first + " differ: " + diff);
                }
            }
        }
        return 0;
    }

    /**
     * Alternates the peer and {@code shoplens analyze} on DuckDB {@link #runs} times each, prints every run, the
     * medians and their ratio, and checks every table of every run against the peer's first; returns Shoplens's
     * last report. Fails when a table differs.
     */
    private AnalyticsReport againstPeer(PrintWriter out, EventIngest.Source source, LoadOptions load, Path work)
            throws SQLException {
        double[] peer = new double[runs];
        double[] ours = new double[runs];
        Map<String, Digest> expected = null;
        AnalyticsReport last = null;
        for (int r = 0; r < runs; r++) {
            String before = loadAverage();
            long t0 = System.nanoTime();
            Map<String, RawDuckDbAnalytics.Table> raw = RawDuckDbAnalytics.run(source.events(), source.items());
            peer[r] = (System.nanoTime() - t0) / 1e9;
            Map<String, Digest> peerDigests = digests(raw);
            raw = null;
            out.printf(Locale.ROOT, "run %d peer (raw DuckDB JDBC, hand-written SQL): %.2f s; load average before %s%n",
                    r + 1, peer[r], before);
            before = loadAverage();
            t0 = System.nanoTime();
            last = AnalyzeCommand.analyze(source, load, "duckdb", sparkMaster, null, AnalyticsOptions.DEFAULT_TOP_N,
                    false, work);
            ours[r] = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "run %d shoplens analyze (duckdb, outputs written): %.2f s (validation %.2f s, "
                    + "queries %.2f s); load average before %s%n", r + 1, ours[r], last.input().seconds(),
                    last.totalSeconds(), before);
            if (expected == null) {
                expected = peerDigests;
            }
            check(out, expected, peerDigests, "peer run " + (r + 1), r == 0);
            Map<String, Digest> mine = new LinkedHashMap<>();
            last.tables().forEach((name, t) -> mine.put(name, Digest.of(t.columns().stream()
                    .map(ResultTable.Column::name).toList(), t.rows())));
            check(out, expected, mine, "shoplens run " + (r + 1), r == 0);
        }
        double p = median(peer);
        double s = median(ours);
        long n = last.input().eventRows();
        out.printf(Locale.ROOT, "median of %d: peer %.2f s (%,.0f events/s), shoplens %.2f s (%,.0f events/s); "
                + "shoplens/peer time ratio %.2f; load average after %s%n", runs, p, n / p, s, n / s, s / p,
                loadAverage());
        return last;
    }

    /** Row count and SHA-256 of one table's column names and cells. */
    record Digest(int rows, String sha256) {
        /**
         * The digest of {@code columns} and {@code rows}, cells written by their value and kind: integers of any
         * width alike, floating point and decimals as doubles, dates in ISO form, SQL NULL apart from every value.
         */
        static Digest of(List<String> columns, List<List<Object>> rows) {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM has no SHA-256", e);
            }
            StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
            for (List<Object> row : rows) {
                for (Object v : row) {
                    sb.append(cell(v)).append('\u001f');
                }
                sb.append('\n');
                if (sb.length() > 1 << 16) {
                    md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
            }
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
            return new Digest(rows.size(), HexFormat.of().formatHex(md.digest()));
        }

        private static String cell(Object v) {
            if (v == null) {
                return "null";
            }
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                    || v instanceof BigInteger) {
                return "i" + v;
            }
            if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
                return "d" + ((Number) v).doubleValue();
            }
            if (v instanceof java.sql.Date d) {
                return "t" + d.toLocalDate();
            }
            if (v instanceof LocalDate d) {
                return "t" + d;
            }
            if (v instanceof String t) {
                return "s" + t;
            }
            throw new IllegalStateException("no digest for a cell of class " + v.getClass().getName());
        }
    }

    static Map<String, Digest> digests(Map<String, RawDuckDbAnalytics.Table> tables) {
        Map<String, Digest> d = new LinkedHashMap<>();
        tables.forEach((name, t) -> d.put(name, Digest.of(t.columns(), t.rows())));
        return d;
    }

    /** Prints the tables' rows and digests once, then fails unless {@code actual} equals {@code expected}. */
    private static void check(PrintWriter out, Map<String, Digest> expected, Map<String, Digest> actual, String what,
                              boolean print) {
        if (print && what.startsWith("shoplens")) {
            Tables t = new Tables();
            t.row("table", "rows", "peer sha256", "shoplens sha256");
            expected.forEach((name, d) -> t.row(name, d.rows(), d.sha256().substring(0, 16),
                    actual.containsKey(name) ? actual.get(name).sha256().substring(0, 16) : "missing"));
            t.print(out);
        }
        List<String> diff = differingTables(expected, actual);
        if (!diff.isEmpty()) {
            throw new IllegalStateException(what + " differs from the peer's first run in tables " + diff);
        }
        if (what.startsWith("shoplens")) {
            out.println("  " + what + ": all " + actual.size() + " tables identical to the peer's (rows and sha256)");
        }
    }

    /** Names of the tables whose digest differs, or that only one side has. */
    static List<String> differingTables(Map<String, Digest> expected, Map<String, Digest> actual) {
        List<String> diff = new ArrayList<>();
        expected.forEach((name, d) -> {
            if (!d.equals(actual.get(name))) {
                diff.add(name);
            }
        });
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(diff::add);
        return diff;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    private static String slowest(AnalyticsReport r) {
        return r.seconds().entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue())).orElse("-");
    }

    private static List<String> differences(AnalyticsReport a, AnalyticsReport b) {
        return a.tables().keySet().stream().filter(t -> !tableEquals(a.tables().get(t), b.tables().get(t))).toList();
    }

    private static boolean tableEquals(ResultTable a, ResultTable b) {
        return a.columns().equals(b.columns()) && a.rows().equals(b.rows());
    }

    private void generate(PrintWriter out, Path log, Path items) {
        GeneratorConfig t = GeneratorConfig.taobaoScale();
        double scale = events / (double) t.events();
        GeneratorConfig cfg = GeneratorConfig.small(events, Math.max(1, (int) (t.users() * scale)),
                Math.max(t.categories(), (int) (t.items() * scale)), t.categories(), t.days(), 1);
        out.printf(Locale.ROOT, "generating %,d events and their catalogue into %s (cached for later runs)%n", events,
                log);
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw new DataException("cannot create " + cache + ": " + e.getMessage(), e);
        }
        GenerateCommand.generate(cfg, log, items, null, null);
    }
}
