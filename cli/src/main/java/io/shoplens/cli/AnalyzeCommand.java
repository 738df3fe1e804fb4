package io.shoplens.cli;

import io.shoplens.analytics.AnalyticsEngine;
import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.analytics.AnalyticsReport;
import io.shoplens.analytics.DuckDbEngine;
import io.shoplens.analytics.EventIngest;
import io.shoplens.analytics.Query;
import io.shoplens.analytics.ResultTable;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.io.LoadReport;
import io.shoplens.spark.SparkSessions;
import io.shoplens.spark.analytics.SparkAnalyticsEngine;
import io.shoplens.core.data.DataException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the analytics report on DuckDB or Spark and writes its tables, analytics.json and an HTML page. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Behaviour analytics: PV/UV/DAU per day and hour, funnel pv -> cart/fav -> buy per day and "
                + "category, day-N retention, repurchase, top items and categories, RFM segments, baskets, sales. "
                + "Writes every table as CSV and Parquet, analytics.json and report.html into --out.")
final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--events", required = true, paramLabel = "FILE",
            description = "Behaviour log: plain or .gz text in --format, or canonical .parquet "
                    + "(user_id, item_id, category_id, behavior, ts).")
    Path events;

    @Option(names = "--format", defaultValue = "taobao", paramLabel = "NAME",
            description = "Format of a text log: taobao, retailrocket, online-retail, movielens, shoplens "
                    + "(default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--items", paramLabel = "FILE",
            description = "Item catalogue CSV (item,category,price,...): revenue and monetary RFM from its prices.")
    Path items;

    @Option(names = "--engine", defaultValue = "duckdb", paramLabel = "NAME",
            description = "duckdb (embedded) or spark (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--spark-master", defaultValue = SparkSessions.DEFAULT_MASTER, paramLabel = "URL",
            description = "Spark master for --engine spark: local[N], spark://host:7077, ... (default: "
                    + "${DEFAULT-VALUE}). Cluster executors must see the --out folder (shared storage).")
    String sparkMaster;

    @Option(names = "--utc-offset", paramLabel = "HOURS",
            description = "The shop's time zone as hours east of UTC for days and hours (default: 8, Beijing, for "
                    + "taobao; 0 otherwise).")
    Integer utcOffset;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N",
            description = "Rows of the top-items and top-categories tables (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--write-input",
            description = "With --engine duckdb, also write the validated input as input/events.parquet and "
                    + "input/items.parquet under --out (for Spark jobs or a cluster); Spark always writes them.")
    boolean writeInput;

    @Option(names = "--max-bad-ratio", paramLabel = "R",
            description = "Largest share of rejected rows in [0,1] before the run fails (default: per format).")
    Double maxBadRatio;

    @Option(names = "--quarantine", defaultValue = "out/quarantine", paramLabel = "DIR",
            description = "Where rejected rows are written (default: ${DEFAULT-VALUE}).")
    Path quarantine;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder: <table>.csv, <table>.parquet, analytics.json, report.html, and with "
                    + "--engine spark or --write-input the validated input as input/events.parquet.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter con = spec.commandLine().getOut();
        EventFormat fmt = EventFormat.parse(format);
        LoadOptions load = LoadOptions.defaults(quarantine);
        if (maxBadRatio != null) {
            load = load.withMaxBadRatio(maxBadRatio);
        }
        AnalyticsReport report = analyze(new EventIngest.Source(events, fmt, items), load, engine, sparkMaster,
                utcOffset, top, writeInput, out);
        AnalyticsInput input = report.input();
        for (LoadReport r : input.reports()) {
            con.println("input " + r.summary());
        }
        con.printf(Locale.ROOT, "validated %,d rows of %s in %.1f s; %,d rejected%n", input.eventRows(),
                input.events(), input.seconds(), input.rejectedRows());
        summarize(con, report);
        con.println("wrote " + report.tables().size() + " tables (CSV and Parquet), analytics.json and report.html to "
                + out);
        return 0;
    }

    /**
     * What {@code analyze} does, without printing: validates {@code source}, runs the report on {@code engine}
     * ({@code utcOffset} null: 8 for Taobao and Parquet logs, 0 otherwise) and writes its tables, analytics.json and
     * report.html into {@code out}; with {@code writeInput} DuckDB also writes the validated input as
     * {@code out/input/events.parquet} (and {@code items.parquet}), as Spark always does.
     */
    static AnalyticsReport analyze(EventIngest.Source source, LoadOptions load, String engine, String sparkMaster,
                                   Integer utcOffset, int top, boolean writeInput, Path out) {
        EventFormat fmt = source.format();
        int offset = utcOffset != null ? utcOffset
                : (fmt == EventFormat.TAOBAO || source.parquet() ? AnalyticsOptions.BEIJING : 0);
        AnalyticsOptions options = new AnalyticsOptions(offset, top, source.items() != null);
        AnalyticsReport report;
        if (engine.equalsIgnoreCase("duckdb")) {
            try (DuckDbEngine e = DuckDbEngine.load(source, load, options)) {
                report = AnalyticsReport.run(e, e.input(), options);
                if (writeInput) {
                    Path dir = out.resolve("input");
                    try {
                        Files.createDirectories(dir);
                    } catch (IOException x) {
                        throw new DataException("cannot create folder " + dir + ": " + x.getMessage(), x);
                    }
                    e.export("SELECT user_id, item_id, category_id, behavior, ts FROM events",
                            dir.resolve("events.parquet"));
                    if (source.items() != null) {
                        e.export("SELECT item_id, price FROM items", dir.resolve("items.parquet"));
                    }
                }
            }
        } else {
            AnalyticsInput input = EventIngest.ingest(source, load, out.resolve("input"));
            try (AnalyticsEngine e = open(engine, sparkMaster, input, options)) {
                report = AnalyticsReport.run(e, input, options);
            } finally {
                SparkSessions.stop();
            }
        }
        report.write(out);
        AnalyticsPage.write(report, out.resolve("report.html"));
        return report;
    }

    /** Opens the engine named {@code name} on {@code input}. */
    static AnalyticsEngine open(String name, String master, AnalyticsInput input, AnalyticsOptions options) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "duckdb" -> new DuckDbEngine(input, options);
            case "spark" -> new SparkAnalyticsEngine(SparkSessions.getOrCreate(master), input, options);
            default -> throw new IllegalArgumentException("unknown engine '" + name + "'; engines: duckdb, spark");
        };
    }

    /** A few lines a shop manager reads first. */
    static void summarize(PrintWriter con, AnalyticsReport r) {
        ResultTable o = r.table(Query.OVERVIEW);
        con.printf(Locale.ROOT, "%s on %s: %,d events, %,d users, %,d items, %,d categories, %s to %s (%d days, "
                        + "UTC%+d)%n", r.engine(), r.input().name(), o.getLong(0, "events"), o.getLong(0, "users"),
                o.getLong(0, "items"), o.getLong(0, "categories"), o.get(0, "first_day"), o.get(0, "last_day"),
                o.getLong(0, "days"), r.options().utcOffsetHours());
        ResultTable f = r.table(Query.FUNNEL);
        con.printf(Locale.ROOT, "funnel (users): viewed %,d -> carted/favourited %,d (%.2f%%) -> bought %,d "
                        + "(%.2f%%; %.2f%% of viewers); %,d buyers in all%n", f.getLong(0, "pv_users"),
                f.getLong(0, "cart_fav_users"), 100 * f.getDouble(0, "pv_to_cart_fav"), f.getLong(0, "buy_users"),
                100 * f.getDouble(0, "cart_fav_to_buy"), 100 * f.getDouble(0, "pv_to_buy"), f.getLong(0, "buyers"));
        ResultTable rep = r.table(Query.REPURCHASE);
        ResultTable b = r.table(Query.BASKET);
        con.printf(Locale.ROOT, "repurchase rate %.2f%% (buyers buying on two or more days); average basket %.3f "
                        + "items%s%n", 100 * rep.getDouble(0, "repurchase_rate"), b.getDouble(0, "avg_units"),
                r.options().hasPrices() ? String.format(Locale.ROOT, ", %.2f in value", b.getDouble(0, "avg_value"))
                        : "");
        ResultTable seg = r.table(Query.RFM_SEGMENTS);
        StringBuilder sb = new StringBuilder("RFM segments:");
        for (int i = 0; i < seg.size(); i++) {
            sb.append(String.format(Locale.ROOT, " %s %,d (%.1f%%)%s", seg.get(i, "segment"), seg.getLong(i, "users"),
                    100 * seg.getDouble(i, "share"), i + 1 < seg.size() ? ";" : ""));
        }
        con.println(sb);
        con.printf(Locale.ROOT, "%d queries in %.1f s on %s%n", r.tables().size(), r.totalSeconds(), r.engine());
    }
}
