package io.shoplens.cli;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.eval.Experiment;
import io.shoplens.core.eval.ExperimentReport;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.io.LoadReport;
import io.shoplens.core.memory.InsufficientMemoryException;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.recommend.Algorithms;
import io.shoplens.spark.SparkSessions;
import io.shoplens.spark.recommend.SparkAlsParams;
import io.shoplens.spark.recommend.SparkAlsTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Every recommender on one Taobao-scale log (by default the 100M-event log {@code shoplens generate} writes): for
 * each model its training seconds, peak training heap, the users evaluated and HR@10, NDCG@10 and Recall@20 under
 * {@code loo-full} with 95% intervals, beside popularity on the same sampled users; Spark MLlib's ALS beside our
 * iALS at equal settings. A model whose memory estimate does not fit is reported with its refusal, and the run goes
 * on.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Train and evaluate every recommender on a Taobao-scale log (generated once and cached when "
                + "--data is not given): training seconds, peak heap, HR@10, NDCG@10 and Recall@20 under loo-full "
                + "on a seeded sample of users with 95% intervals, beside popularity and with Spark MLlib ALS at "
                + "iALS's settings.")
final class BenchScale implements Callable<Integer> {
    /**
     * Seconds of training each deep model gets at this scale ({@code timeBudget}): one epoch of SASRec over 1M
     * users' sequences takes over an hour on two cores, so the benchmark trains each deep model for a fixed time
     * and reports the part of the epoch done. With one (partial) epoch there is nothing to stop early, so the deep
     * models skip validation ({@code validEvery=0}), which would cost another full ranking of the sampled users.
     */
    static final String DEEP_BUDGET = "420";

    /**
     * The settings this benchmark trains each model with at Taobao scale (overridden by {@code --param}); every
     * other parameter keeps its default. They are printed with the results.
     */
    static final Map<String, Map<String, String>> SCALE_SETTINGS = Map.ofEntries(
            Map.entry("itemknn", Map.of("k", "100")),
            Map.entry("ials", Map.of("rank", "64", "iterations", "10")),
            Map.entry("bpr", Map.of("rank", "64", "epochs", "5")),
            Map.entry("ease", Map.of("maxItems", "20000")),
            Map.entry("hybrid", Map.of("components", "itemknn:0.7,popularity:0.3", "itemknn.k", "100")),
            Map.entry("sasrec", Map.of("loss", "sampled", "epochs", "1", "timeBudget", DEEP_BUDGET,
                    "validEvery", "0")),
            Map.entry("gru4rec", Map.of("loss", "sampled", "epochs", "1", "timeBudget", DEEP_BUDGET,
                    "validEvery", "0")),
            Map.entry("multvae", Map.of("epochs", "1", "maxItems", "50000", "timeBudget", DEEP_BUDGET,
                    "validEvery", "0")),
            Map.entry("neumf", Map.of("epochs", "1", "maxItems", "20000", "timeBudget", DEEP_BUDGET,
                    "validEvery", "0")));

    /** The peer trained beside {@code ials} at its settings. */
    static final String SPARK = "spark-als";

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", description = "Behaviour log; without it a log of --events events "
            + "is generated once into --cache.")
    Path data;

    @Option(names = "--format", defaultValue = "taobao", paramLabel = "NAME",
            description = "Format of --data (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--items", paramLabel = "FILE", description = "Item catalogue CSV for content and hybrid (the "
            + "generated log's catalogue when --data is not given).")
    Path items;

    @Option(names = "--events", defaultValue = "100000000", paramLabel = "N",
            description = "Events of the generated log, at the Taobao set's users, items and categories scaled "
                    + "down in proportion below 100M (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--cache", defaultValue = "out/bench", paramLabel = "DIR",
            description = "Where the generated log is kept between runs (default: ${DEFAULT-VALUE}).")
    Path cache;

    @Option(names = "--models", split = ",", paramLabel = "NAME",
            description = "Models to run, popularity always included (default: every registered model and "
                    + SPARK + ").")
    List<String> models;

    @Option(names = "--param", paramLabel = "MODEL.KEY=VALUE",
            description = "A parameter for one model, over the benchmark's scale settings; repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--eval-users", defaultValue = "10000", paramLabel = "N",
            description = "Users evaluated, a seeded sample shared by every model (default: ${DEFAULT-VALUE}).")
    int evalUsers;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split and sample (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: all cores).")
    Integer threads;

    @Option(names = "--spark-master", defaultValue = "local[2]", paramLabel = "URL",
            description = "Spark master of the ALS peer (default: ${DEFAULT-VALUE}).")
    String sparkMaster;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the log, the protocol, the machine's load "
            + "and every model's report or refusal (under \"models\") as JSON here.")
    Path json;

    /** One model's outcome: its report, or the sentence that refused it. */
    record Row(String model, Map<String, String> settings, ExperimentReport report, String refusal) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = models == null ? defaultModels() : new ArrayList<>(models);
        names.remove(EvaluateCommand.BASELINE);
        names.add(0, EvaluateCommand.BASELINE);
        for (String name : names) {
            if (!name.equals(SPARK)) {
                Algorithms.description(name);
            }
        }
        Map<String, Map<String, String>> settings = settings(names);
        if (evalUsers < 1) {
            throw new IllegalArgumentException("--eval-users must be >= 1, got " + evalUsers);
        }
        out.println("machine: " + machine());
        Dataset d = load(out);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Protocol protocol = Protocol.parse("loo-full", new int[] {10, 20}, seed).withEvalUsers(evalUsers);
        long t0 = System.nanoTime();
        Experiment e = new Experiment(d, protocol, n).testOnly();
        out.printf(Locale.ROOT, "split in %.1f s: %,d training events; protocol %s%n", (System.nanoTime() - t0) / 1e9,
                e.split().train().numEvents(), protocol.describe());
        List<Row> rows = new ArrayList<>();
        for (String name : names) {
            Row row = run(e, name, settings.get(name), out);
            rows.add(row);
            out.println(row.refusal() != null ? name + ": refused: " + row.refusal()
                    : String.format(Locale.ROOT, "%s: trained in %.1f s, peak heap %.2f GB, evaluated in %.1f s, "
                    + "test NDCG@10 %.4f ± %.4f",
                    name, row.report().trainSeconds(), row.report().trainPeakHeapBytes() / 1e9,
                    row.report().evalSeconds(),
                    row.report().test().get("NDCG@10"), row.report().testCi().get("NDCG@10")));
            out.flush();
        }
        out.println();
        print(out, rows, protocol);
        String end = machine();
        out.println("machine at the end: " + end);
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("log", data != null ? data.toString() : cache.toString());
            doc.put("events", d.events().numEvents());
            doc.put("protocol", protocol.describe());
            doc.put("machine_at_end", end);
            doc.put("models", rows);
            EvaluateCommand.writeJson(json, doc);
            out.println("wrote " + json);
        }
        return 0;
    }

    /** Every registered model and the Spark peer. */
    static List<String> defaultModels() {
        List<String> all = new ArrayList<>(Algorithms.names());
        all.add(SPARK);
        return all;
    }

    /**
     * Each model's settings: the benchmark's scale settings, then {@code --param name.key=value}; the Spark peer
     * takes iALS's rank, iterations, lambda and alpha, so that both run at equal settings.
     */
    Map<String, Map<String, String>> settings(List<String> names) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, new java.util.TreeMap<>(SCALE_SETTINGS.getOrDefault(name, Map.of())));
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            int dot = p.getKey().indexOf('.');
            String model = dot > 0 ? p.getKey().substring(0, dot) : null;
            if (model == null || !out.containsKey(model)) {
                throw new IllegalArgumentException("--param " + p.getKey() + " must start with one of the models "
                        + "run (" + String.join(", ", names) + "), e.g. ials.rank=64");
            }
            out.get(model).put(p.getKey().substring(dot + 1), p.getValue());
        }
        if (out.containsKey(SPARK)) {
            Map<String, String> ials = out.getOrDefault("ials", SCALE_SETTINGS.get("ials"));
            Map<String, String> defaults = io.shoplens.recommend.mf.IalsParams.from(ials).asMap();
            Map<String, String> spark = out.get(SPARK);
            for (String key : List.of("rank", "iterations", "lambda", "alpha")) {
                spark.putIfAbsent(key, defaults.get(key));
            }
            spark.putIfAbsent("halfLifeEvents", defaults.get("halfLifeEvents"));
            spark.putIfAbsent("master", sparkMaster);
        }
        return out;
    }

    private Row run(Experiment e, String name, Map<String, String> settings, PrintWriter out) {
        Trainer<?> trainer = name.equals(SPARK)
                ? new SparkAlsTrainer(SparkAlsParams.from(settings), SparkSessions.getOrCreate(sparkMaster))
                : Algorithms.trainer(name, settings);
        try (StepProgress training = StepProgress.of(name, spec.commandLine().getErr())) {
            Experiment.Outcome o = e.run(name, trainer, training, null);
            if (o.model() instanceof AutoCloseable c) {
                EvaluateCommand.release(c, name);
            }
            return new Row(name, settings, o.report(), null);
        } catch (InsufficientMemoryException refused) {
            return new Row(name, settings, null, refused.getMessage());
        }
    }

    /** The table: one line per model, popularity first, with the ratio of NDCG@10 to popularity's. */
    static void print(PrintWriter out, List<Row> rows, Protocol protocol) {
        out.println("protocol: " + protocol.describe() + "; test part; ±: half-width of the 95% interval");
        Tables t = new Tables().row("model", "train s", "peak heap GB", "eval s", "users", "HR@10", "±", "NDCG@10",
                "±", "Recall@20", "±", "NDCG@10 / popularity");
        Double base = rows.stream().filter(r -> r.report() != null && r.model().equals(EvaluateCommand.BASELINE))
                .map(r -> r.report().test().get("NDCG@10")).findFirst().orElse(null);
        for (Row r : rows) {
            if (r.report() == null) {
                t.row(r.model(), "refused", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-");
                continue;
            }
            ExperimentReport x = r.report();
            double ndcg = x.test().get("NDCG@10");
            t.row(r.model(), x.trainSeconds(), x.trainPeakHeapBytes() / 1e9, x.evalSeconds(),
                    x.protocol().testUsers(),
                    x.test().get("HR@10"), x.testCi().get("HR@10"), ndcg, x.testCi().get("NDCG@10"),
                    x.test().get("Recall@20"), x.testCi().get("Recall@20"),
                    base == null || base == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", ndcg / base));
        }
        t.print(out);
        for (Row r : rows) {
            out.println("settings " + r.model() + ": " + (r.settings().isEmpty() ? "defaults" : r.settings())
                    + (r.refusal() == null ? "" : "; refused: " + r.refusal()));
        }
        Row ials = rows.stream().filter(r -> r.model().equals("ials")).findFirst().orElse(null);
        Row spark = rows.stream().filter(r -> r.model().equals(SPARK)).findFirst().orElse(null);
        if (ials != null && spark != null && ials.report() != null && spark.report() != null) {
            out.printf(Locale.ROOT, "spark-als vs ials at equal settings: training time %.2fx (%.1f s vs %.1f s), "
                    + "test NDCG@10 %+.4f%n", spark.report().trainSeconds() / ials.report().trainSeconds(),
                    spark.report().trainSeconds(), ials.report().trainSeconds(),
                    spark.report().test().get("NDCG@10") - ials.report().test().get("NDCG@10"));
        }
    }

    private Dataset load(PrintWriter out) throws IOException {
        Path events = data;
        Path catalogue = items;
        if (events == null) {
            GeneratorConfig cfg = config(events());
            events = cache.resolve("scale-" + cfg.events() + ".csv.gz");
            Path generatedItems = cache.resolve("scale-" + cfg.events() + "-items.csv");
            if (!Files.isRegularFile(events) || !Files.isRegularFile(generatedItems)) {
                Files.createDirectories(cache);
                out.printf(Locale.ROOT, "generating %,d events (%,d users, %,d items) into %s%n", cfg.events(),
                        cfg.users(), cfg.items(), events);
                GenerateCommand.generate(cfg, events, generatedItems, null, null);
            }
            catalogue = catalogue == null ? generatedItems : catalogue;
        }
        long t0 = System.nanoTime();
        Dataset d = DatasetLoader.load(new DatasetLoader.Source(events, EventFormat.parse(format), catalogue, null),
                LoadOptions.defaults(cache.resolve("quarantine")));
        for (LoadReport r : d.reports()) {
            out.println("loaded " + r.summary());
        }
        out.printf(Locale.ROOT, "load: %.1f s; %,d events, %,d users, %,d items%n", (System.nanoTime() - t0) / 1e9,
                d.events().numEvents(), d.events().activeUsers(), d.events().numItems());
        return d;
    }

    private long events() {
        if (events < 1000) {
            throw new IllegalArgumentException("--events must be >= 1000, got " + events);
        }
        return events;
    }

    /** The Taobao-scale configuration at {@code n} events, users, items and categories in proportion. */
    static GeneratorConfig config(long n) {
        GeneratorConfig full = GeneratorConfig.taobaoScale();
        double f = Math.min(1.0, (double) n / full.events());
        return GeneratorConfig.small(n, Math.max(100, (int) (full.users() * f)),
                Math.max(200, (int) (full.items() * f)), Math.max(20, (int) (full.categories() * Math.sqrt(f))), full.days(), full.seed());
    }

    /** Cores, maximum heap, memory and load average, for the line printed beside every timing. */
    static String machine() {
        Runtime rt = Runtime.getRuntime();
        String load = "?";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            load = "unavailable (" + e.getMessage() + ")";
        }
        return String.format(Locale.ROOT, "%d cores, max heap %.1f GB, load average %s", rt.availableProcessors(),
                rt.maxMemory() / 1e9, load);
    }
}
