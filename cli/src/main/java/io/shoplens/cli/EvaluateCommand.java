package io.shoplens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.eval.Evaluator;
import io.shoplens.core.eval.Experiment;
import io.shoplens.core.eval.ExperimentReport;
import io.shoplens.core.eval.Protocol;
import io.shoplens.recommend.Algorithms;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains one or more models on a split and reports validation and test metrics with their protocol, beside the
 * popularity baseline trained on the same split; with several models or protocols it ends with a leaderboard.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Train models on the train part of a split, evaluate on validation and test beside the "
                + "popularity baseline, print tables and a leaderboard, and optionally write JSON.")
final class EvaluateCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .findAndRegisterModules();

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--protocol", split = ",", defaultValue = "loo-sampled-99", paramLabel = "NAME",
            description = "loo-sampled-99 (NCF/SASRec), loo-full, temporal-full, random-full, "
                    + "<split>-sampled-<N>[-pop]; several separated by commas (default: ${DEFAULT-VALUE}).")
    List<String> protocols;

    @Option(names = "--model", split = ",", defaultValue = "popularity", paramLabel = "NAME",
            description = "Models to train, separated by commas; 'shoplens models' lists them "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "A hyperparameter; repeatable. With several models, prefix the key with the model name "
                    + "(ease.maxItems=8000); unprefixed keys go to every model.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--no-baseline", description = "Do not add the popularity baseline.")
    boolean noBaseline;

    @Option(names = "--k", split = ",", defaultValue = "5,10,20", paramLabel = "K",
            description = "Cut-offs (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of sampling and splits (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: all cores).")
    Integer threads;

    @Option(names = "--eval-users", defaultValue = "0", paramLabel = "N",
            description = "Evaluate a seeded random sample of N users per part, the same users for every model "
                    + "(default: 0 = every user).")
    int evalUsers;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON here.")
    Path json;

    @Option(names = "--save-model", paramLabel = "FILE", description = "Save the trained model here.")
    Path saveModel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = new ArrayList<>(new LinkedHashSet<>(models));
        if (!noBaseline && !names.contains(BASELINE)) {
            names.add(BASELINE);
        }
        if (saveModel != null && models.size() != 1) {
            throw new IllegalArgumentException("--save-model needs exactly one --model, got " + models);
        }
        Map<String, Map<String, String>> perModel = routeParams(names, params);
        if (evalUsers < 0) {
            throw new IllegalArgumentException("--eval-users must be >= 0 (0 = every user), got " + evalUsers);
        }
        List<Protocol> ps = protocols.stream().map(name -> Protocol.parse(name, ks, seed).withEvalUsers(evalUsers))
                .toList();
        for (String name : names) {
            Algorithms.trainer(name, perModel.get(name));
        }
        Dataset d = data.load(out);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        List<ExperimentReport> reports = new ArrayList<>();
        for (List<Experiment> experiments : bySplit(d, ps, n)) {
            Experiment first = experiments.get(0);
            for (String name : names) {
                Experiment.Outcome outcome;
                try (Progress bar = Progress.of("evaluate " + name, experiments.size()
                        * (first.evaluatedUsers(Evaluator.Part.VALIDATION)
                        + (long) first.evaluatedUsers(Evaluator.Part.TEST)), "users");
                     StepProgress training = StepProgress.of(name, spec.commandLine().getErr())) {
                    outcome = first.run(name, Algorithms.trainer(name, perModel.get(name)), training, bar);
                    print(out, outcome.report());
                    reports.add(outcome.report());
                    for (Experiment other : experiments.subList(1, experiments.size())) {
                        ExperimentReport r = other.evaluate(name, outcome.model(),
                                outcome.report().trainSeconds(), outcome.report().trainPeakHeapBytes(), bar);
                        print(out, r);
                        reports.add(r);
                    }
                }
                if (saveModel != null && name.equals(models.get(0))) {
                    outcome.model().save(saveModel);
                    out.println("saved model to " + saveModel);
                }
                if (outcome.model() instanceof AutoCloseable c) {
                    release(c, name);
                }
            }
        }
        if (reports.size() > 1) {
            printLeaderboard(out, reports);
        }
        if (json != null) {
            writeJson(json, jsonOf(reports, models.get(0), models.size() == 1 && ps.size() == 1));
            out.println("wrote " + json);
        }
        return 0;
    }

    /**
     * One requested model under one protocol: that model's report, with the baseline's report (if run) under
     * {@code baseline}; otherwise the list of every report.
     */
    private static Object jsonOf(List<ExperimentReport> reports, String model, boolean single) {
        if (!single) {
            return reports;
        }
        ObjectNode node = JSON.valueToTree(reports.stream().filter(r -> r.model().equals(model)).findFirst()
                .orElseThrow());
        reports.stream().filter(r -> !r.model().equals(model)).findFirst()
                .ifPresent(b -> node.set("baseline", JSON.valueToTree(b)));
        return node;
    }

    /**
     * The protocols grouped by how they split the data, each group as experiments on one split: a model is trained
     * once per group (validated for early stopping under the group's first protocol) and evaluated under each.
     */
    static List<List<Experiment>> bySplit(Dataset d, List<Protocol> ps, int threads) {
        Map<String, List<Experiment>> groups = new LinkedHashMap<>();
        for (Protocol p : ps) {
            String key = p.split() + "/" + p.seed();
            List<Experiment> group = groups.get(key);
            if (group == null) {
                groups.put(key, new ArrayList<>(List.of(new Experiment(d, p, threads))));
            } else {
                group.add(group.get(0).onSameSplit(p));
            }
        }
        return List.copyOf(groups.values());
    }

    /** Releases a model's native memory once it is no longer scored. */
    static void release(AutoCloseable model, String name) {
        try {
            model.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the native memory of model " + name + ": "
                    + e.getMessage(), e);
        }
    }

    /** The registry name of the baseline every evaluation is compared with. */
    static final String BASELINE = "popularity";

    /**
     * Splits {@code --param} keys by model: {@code name.key=value} goes to model {@code name} only, an
     * unprefixed key to every model (with one model, every key is that model's).
     */
    static Map<String, Map<String, String>> routeParams(List<String> names, Map<String, String> params) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, new LinkedHashMap<>());
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            int dot = e.getKey().indexOf('.');
            String prefix = dot > 0 ? e.getKey().substring(0, dot) : null;
            if (prefix != null && out.containsKey(prefix)) {
                out.get(prefix).put(e.getKey().substring(dot + 1), e.getValue());
            } else {
                for (String name : names) {
                    if (!name.equals(BASELINE) || names.size() == 1) {
                        out.get(name).put(e.getKey(), e.getValue());
                    }
                }
            }
        }
        return out;
    }

    /** One line per model and protocol, best test NDCG@10 first within each protocol. */
    static void printLeaderboard(PrintWriter out, List<ExperimentReport> reports) {
        out.println();
        out.println("leaderboard (K=10; validation picks, test reports)");
        Tables t = new Tables().row("protocol", "model", "valid HR@10", "valid NDCG@10", "test HR@10", "test NDCG@10",
                "±95%", "vs " + BASELINE, "train s", "peak heap GB");
        Map<String, List<ExperimentReport>> byProtocol = new LinkedHashMap<>();
        for (ExperimentReport r : reports) {
            byProtocol.computeIfAbsent(r.protocol().name(), k -> new ArrayList<>()).add(r);
        }
        for (List<ExperimentReport> group : byProtocol.values()) {
            Double base = group.stream().filter(r -> r.model().equals(BASELINE)).map(r -> r.test().get("NDCG@10"))
                    .findFirst().orElse(null);
            group.stream().sorted(Comparator.comparingDouble((ExperimentReport r) -> -r.test().getOrDefault("NDCG@10",
                    0.0))).forEach(r -> t.row(r.protocol().name(), r.model(), r.validation().get("HR@10"),
                    r.validation().get("NDCG@10"), r.test().get("HR@10"), r.test().get("NDCG@10"),
                    r.testCi().get("NDCG@10"), base == null || base == 0 ? "-" : String.format(Locale.ROOT, "%.2fx",
                            r.test().get("NDCG@10") / base), String.format(Locale.ROOT, "%.1f", r.trainSeconds()),
                    r.trainPeakHeapBytes() < 0 ? "-" : String.format(Locale.ROOT, "%.2f",
                            r.trainPeakHeapBytes() / 1e9)));
        }
        t.print(out);
    }

    static void print(PrintWriter out, ExperimentReport r) {
        out.println();
        out.println("model:    " + r.model() + " " + r.params());
        out.println("protocol: " + r.protocol().description());
        out.println("split:    " + r.protocol().split() + "; " + r.protocol().validationUsers()
                + " validation users, " + r.protocol().testUsers() + " test users");
        out.printf("data:     %s (%,d users, %,d items, %,d events, sha256 %s...)%n", r.dataset().path(),
                r.dataset().users(), r.dataset().items(), r.dataset().events(), r.dataset().sha256().substring(0, 12));
        Tables t = new Tables().row("metric", "validation", "±95%", "test", "±95%");
        for (Map.Entry<String, Double> e : r.test().entrySet()) {
            t.row(e.getKey(), r.validation().get(e.getKey()), r.validationCi().get(e.getKey()), e.getValue(),
                    r.testCi().get(e.getKey()));
        }
        t.print(out);
        out.printf("train %.2f s (peak heap %s), evaluation %.2f s; ±95%%: half-width of the 95%% confidence "
                + "interval (normal for per-user means, bootstrap over users for catalogue metrics)%n",
                r.trainSeconds(), r.trainPeakHeapBytes() < 0 ? "not measured"
                        : String.format(Locale.ROOT, "%.2f GB", r.trainPeakHeapBytes() / 1e9), r.evalSeconds());
    }

    static void writeJson(Path file, Object value) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            JSON.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
