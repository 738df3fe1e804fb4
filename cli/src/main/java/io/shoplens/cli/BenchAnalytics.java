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
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The whole analytics report on each engine over one generated Taobao-scale log: validation once (shared), then
 * every query on each engine, timed, with the engines' tables compared for equality in the same run.
 */
@Command(name = "analytics", mixinStandardHelpOptions = true,
        description = "Generate (once, cached) a Taobao-style log of N events with its priced catalogue, validate "
                + "it into canonical Parquet (shared by the engines), then run the whole analytics report on each "
                + "engine; prints seconds and events/s per engine, checks the engines' tables are identical, and "
                + "prints the Spark/DuckDB time ratio.")
final class BenchAnalytics implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--events", defaultValue = "10000000", paramLabel = "N",
            description = "Events (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--engines", split = ",", defaultValue = "duckdb,spark", paramLabel = "NAME",
            description = "Engines, separated by commas (default: ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(names = "--spark-master", defaultValue = SparkSessions.DEFAULT_MASTER, paramLabel = "URL",
            description = "Spark master (default: ${DEFAULT-VALUE}).")
    String sparkMaster;

    @Option(names = "--cache", defaultValue = "out/bench", paramLabel = "DIR",
            description = "Where generated logs and their Parquet form are kept between runs (default: "
                    + "${DEFAULT-VALUE}).")
    Path cache;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path log = cache.resolve("taobao-" + events + ".csv.gz");
        Path items = cache.resolve("taobao-" + events + "-items.csv");
        if (!Files.isRegularFile(log) || !Files.isRegularFile(items)) {
            generate(out, log, items);
        }
        out.printf(Locale.ROOT, "log %s (%,d bytes) with catalogue %s; %d cores, max heap %.1f GB%n", log,
                Files.size(log), items.getFileName(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1e9);
        long t0 = System.nanoTime();
        AnalyticsInput input = EventIngest.ingest(new EventIngest.Source(log, EventFormat.TAOBAO, items),
                LoadOptions.defaults(cache.resolve("quarantine")), cache.resolve("analytics-" + events));
        double validate = (System.nanoTime() - t0) / 1e9;
        long n = input.eventRows();
        out.printf(Locale.ROOT, "validation (core reader -> staging CSV -> DuckDB -> Parquet, shared by the engines): "
                + "%,d events in %.1f s = %,.0f events/s; %,d rejected%n", n, validate, n / validate,
                input.rejectedRows());
        AnalyticsOptions options = AnalyticsOptions.defaults().withPrices(true);
        Map<String, AnalyticsReport> reports = new LinkedHashMap<>();
        Map<String, Double> totals = new LinkedHashMap<>();
        for (String name : engines) {
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
            out.printf(Locale.ROOT, "%-6s whole report (%d queries, engine start included): %.1f s = %,.0f events/s; "
                    + "slowest query %s%n", name, r.tables().size(), s, n / s, slowest(r));
            totals.put(name, s);
        }
        Tables per = new Tables();
        List<Object> header = new java.util.ArrayList<>(List.of("query"));
        header.addAll(reports.keySet().stream().map(e -> e + " s").toList());
        per.row(header.toArray());
        for (String table : reports.values().iterator().next().seconds().keySet()) {
            List<Object> row = new java.util.ArrayList<>(List.of(table));
            reports.values().forEach(r -> row.add(r.seconds().get(table)));
            per.row(row.toArray());
        }
        per.print(out);
        if (reports.size() > 1) {
            String first = engines.get(0);
            for (String other : engines.subList(1, engines.size())) {
                List<String> diff = differences(reports.get(first), reports.get(other));
                out.println(diff.isEmpty() ? "tables of " + other + " and " + first + ": identical"
                        : "tables of " + other + " and " + first + " differ: " + diff);
            }
        }
        if (reports.containsKey("spark") && reports.containsKey("duckdb")) {
            double spark = totals.get("spark");
            double duck = totals.get("duckdb");
            out.printf(Locale.ROOT, "Spark/DuckDB time ratio: %.2f (Spark master %s)%n", spark / duck, sparkMaster);
        }
        return 0;
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
