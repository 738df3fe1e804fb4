package io.shoplens.cli;

import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.analytics.EventIngest;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.io.LoadReport;
import io.shoplens.predict.tabular.GbtParams;
import io.shoplens.profile.Aggregate;
import io.shoplens.profile.ProfileJob;
import io.shoplens.profile.ProfileOptions;
import io.shoplens.profile.ProfileReport;
import io.shoplens.profile.PurchasePropensity;
import io.shoplens.profile.Pseudonymizer;
import io.shoplens.profile.SmallCells;
import io.shoplens.profile.TagRules;
import io.shoplens.profile.UserIngest;
import io.shoplens.profile.audience.ParquetStore;
import io.shoplens.profile.segment.SegmentParams;
import io.shoplens.spark.SparkSessions;
import io.shoplens.spark.profile.SparkProfileJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Builds one profile per user, k-means segments and the aggregate report, with pseudonymous ids. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "User profiles: behaviour counts, active days and hours, favourite categories, price band, "
                + "RFM, lifecycle stage and rule tags per user; k-means segments described in words. Writes "
                + "profiles.parquet/csv (user ids pseudonymised with a keyed hash), segments.csv/json, profile.json "
                + "and report.html (cells under --min-cell users suppressed) into --out.")
final class ProfileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--events", required = true, paramLabel = "FILE",
            description = "Behaviour log: plain or .gz text in --format, or canonical .parquet.")
    Path events;

    @Option(names = "--format", defaultValue = "taobao", paramLabel = "NAME",
            description = "Format of a text log (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--items", paramLabel = "FILE",
            description = "Item catalogue CSV (item,category,price,...): price band and monetary value.")
    Path items;

    @Option(names = "--users", paramLabel = "FILE",
            description = "User attributes CSV (user,age_band,gender,region): basic info columns.")
    Path users;

    @Option(names = "--engine", defaultValue = "duckdb", paramLabel = "NAME",
            description = "duckdb (embedded; commons-math k-means) or spark (MLlib k-means) (default: "
                    + "${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--spark-master", defaultValue = SparkSessions.DEFAULT_MASTER, paramLabel = "URL",
            description = "Spark master for --engine spark (default: ${DEFAULT-VALUE}).")
    String sparkMaster;

    @Option(names = "--tags", paramLabel = "FILE",
            description = "Tag rules file (name = SQL boolean expression over profile columns); default: the "
                    + "built-in tags.properties.")
    Path tags;

    @Option(names = "--utc-offset", paramLabel = "HOURS",
            description = "Shop time zone, hours east of UTC (default: 8 for taobao and Parquet, else 0).")
    Integer utcOffset;

    @Option(names = "--new-days", defaultValue = "" + ProfileOptions.NEW_DAYS, paramLabel = "DAYS",
            description = "Lifecycle 'new': first seen fewer than this many days before the log's end "
                    + "(default: ${DEFAULT-VALUE}).")
    int newDays;

    @Option(names = "--at-risk-days", defaultValue = "" + ProfileOptions.AT_RISK_DAYS, paramLabel = "DAYS",
            description = "Lifecycle 'at-risk': last seen at least this many days before the end "
                    + "(default: ${DEFAULT-VALUE}).")
    int atRiskDays;

    @Option(names = "--churn-days", defaultValue = "" + ProfileOptions.CHURN_DAYS, paramLabel = "DAYS",
            description = "Lifecycle 'churned': last seen at least this many days before the end "
                    + "(default: ${DEFAULT-VALUE}).")
    int churnDays;

    @Option(names = "--propensity-horizon", paramLabel = "DURATION",
            description = "Add the purchase propensity column: P(buys within this horizon after the log's end), "
                    + "e.g. 1d; XGBoost on predict's propensity features (loads the log into memory).")
    String propensityHorizon;

    @Option(names = "--no-segments", description = "Skip k-means segmentation.")
    boolean noSegments;

    @Option(names = "--segment-param", paramLabel = "KEY=VALUE",
            description = "Segmentation parameter: kMin, kMax, silhouetteUsers, fitUsers, maxIterations, seed; "
                    + "repeatable.")
    Map<String, String> segmentParams = new LinkedHashMap<>();

    @Option(names = "--pseudonym-key-file", paramLabel = "FILE",
            description = "Secret key (>= 16 bytes) for HMAC-SHA256 pseudonyms of exported user ids; else the "
                    + "environment variable " + Pseudonymizer.ENV + ".")
    Path keyFile;

    @Option(names = "--no-pseudonymise", description = "Export raw user ids (only when no key is configured).")
    boolean noPseudonymise;

    @Option(names = "--min-cell", defaultValue = "" + SmallCells.DEFAULT_K, paramLabel = "K",
            description = "Suppress report cells with fewer than K users (default: ${DEFAULT-VALUE}).")
    int minCell;

    @Option(names = "--max-bad-ratio", paramLabel = "R",
            description = "Largest share of rejected rows in [0,1] before the run fails (default: per format).")
    Double maxBadRatio;

    @Option(names = "--quarantine", defaultValue = "out/quarantine", paramLabel = "DIR",
            description = "Where rejected rows are written (default: ${DEFAULT-VALUE}).")
    Path quarantine;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter con = spec.commandLine().getOut();
        if (!engine.equalsIgnoreCase("duckdb") && !engine.equalsIgnoreCase("spark")) {
            throw new IllegalArgumentException("unknown engine '" + engine + "'; engines: duckdb, spark");
        }
        Pseudonymizer pseudonymizer = pseudonymizer(keyFile, noPseudonymise);
        TagRules rules = tags == null ? TagRules.defaults() : TagRules.load(tags);
        SmallCells cells = new SmallCells(minCell);
        SegmentParams seg = noSegments ? null : SegmentParams.from(segmentParams);
        EventFormat fmt = EventFormat.parse(format);
        LoadOptions load = LoadOptions.defaults(quarantine);
        if (maxBadRatio != null) {
            load = load.withMaxBadRatio(maxBadRatio);
        }
        AnalyticsInput input = EventIngest.ingest(new EventIngest.Source(events, fmt, items), load,
                out.resolve("input"));
        UserIngest.Result u = users == null ? null : UserIngest.ingest(users, load, out.resolve("input"));
        for (LoadReport r : input.reports()) {
            con.println("input " + r.summary());
        }
        if (u != null) {
            con.println("input " + u.report().summary());
        }
        int offset = utcOffset != null ? utcOffset
                : (fmt == EventFormat.TAOBAO || EventIngest.isParquet(events) ? AnalyticsOptions.BEIJING : 0);
        ProfileOptions options = new ProfileOptions(new AnalyticsOptions(offset, AnalyticsOptions.DEFAULT_TOP_N,
                input.hasItems()), false, newDays, atRiskDays, churnDays);
        PurchasePropensity propensity = null;
        if (propensityHorizon != null) {
            Map<String, String> gbt = new LinkedHashMap<>();
            gbt.put("seed", "42");
            propensity = PurchasePropensity.fit(ParquetStore.load(input.events()), PredictData.seconds(
                    propensityHorizon), offset, GbtParams.from(gbt), input.reports().get(0).sha256());
            con.printf(Locale.ROOT, "purchase propensity within %s after the log's end: validation AUC %.4f "
                    + "(cut-off end-H; trained on end-2H)%n", propensityHorizon, propensity.validationAuc());
        }
        ProfileJob.Config config = new ProfileJob.Config(options, rules, seg, pseudonymizer, cells, propensity);
        ProfileReport report;
        switch (engine.toLowerCase(Locale.ROOT)) {
            case "duckdb" -> report = ProfileJob.run(input, u, config, out);
            case "spark" -> {
                try {
                    report = SparkProfileJob.run(SparkSessions.getOrCreate(sparkMaster), input, u, config, out);
                } finally {
                    SparkSessions.stop();
                }
            }
            default -> throw new IllegalArgumentException("unknown engine '" + engine + "'; engines: duckdb, spark");
        }
        ProfilePage.write(report, out.resolve("report.html"));
        summarize(con, report);
        con.println("wrote profiles.parquet, profiles.csv, profile.json" + (seg == null ? "" : ", segments.csv, "
                + "segments.json, segment-model.bin") + " and report.html to " + out);
        return 0;
    }

    /** The pseudonymizer from the key file or environment; refuses to go on without one unless told to. */
    static Pseudonymizer pseudonymizer(Path keyFile, boolean noPseudonymise) {
        Pseudonymizer p = Pseudonymizer.fromFileOrEnv(keyFile, System.getenv(Pseudonymizer.ENV));
        if (p != null && noPseudonymise) {
            throw new IllegalArgumentException("--no-pseudonymise was given but a pseudonym key is configured "
                    + "(--pseudonym-key-file or " + Pseudonymizer.ENV + "); drop one of them");
        }
        if (p == null && !noPseudonymise) {
            throw new IllegalArgumentException("exported user ids are pseudonymised with a keyed hash: give "
                    + "--pseudonym-key-file FILE or set " + Pseudonymizer.ENV + " (a secret of >= 16 bytes kept out "
                    + "of the repository), or pass --no-pseudonymise to export raw ids");
        }
        return p;
    }

    static void summarize(PrintWriter con, ProfileReport r) {
        con.printf(Locale.ROOT, "%,d users profiled from %,d events in %.1f s (%s); ids %s%n", r.users(), r.events(),
                r.seconds(), r.engine(), r.pseudonymised() ? "pseudonymised (HMAC-SHA256)" : "raw");
        for (String name : new String[] {"lifecycle", "tags"}) {
            StringBuilder sb = new StringBuilder(name + ":");
            for (Aggregate.Row row : r.aggregate(name).rows()) {
                sb.append(' ').append(row.label()).append(' ')
                        .append(row.suppressed() ? "<" + r.cells().k() : String.format(Locale.ROOT, "%,d", row.users()))
                        .append(';');
            }
            con.println(sb.length() > 0 && sb.charAt(sb.length() - 1) == ';' ? sb.substring(0, sb.length() - 1) : sb);
        }
        if (r.model() != null) {
            con.printf(Locale.ROOT, "%d segments (k by silhouette %s):%n", r.model().k(),
                    r.model().silhouettes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .map(e -> String.format(Locale.ROOT, "%d: %.3f", e.getKey(), e.getValue())).toList());
            for (ProfileReport.Segment s : r.segments()) {
                Aggregate.Row row = s.row();
                con.printf(Locale.ROOT, "  segment %d: %s users, %s of value: %s%n", s.id(),
                        row.suppressed() ? "<" + r.cells().k() : String.format(Locale.ROOT, "%,d", row.users()),
                        row.suppressed() || row.values().get(3) == null ? "-"
                                : String.format(Locale.ROOT, "%.1f%%", 100 * row.values().get(3)), s.description());
            }
        }
        con.printf(Locale.ROOT, "%d report cells with fewer than %d users suppressed%n", r.suppressedCells(),
                r.cells().k());
    }
}
