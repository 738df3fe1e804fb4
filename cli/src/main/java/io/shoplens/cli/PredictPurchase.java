package io.shoplens.cli;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.predict.propensity.PropensityConfig;
import io.shoplens.predict.propensity.PropensityExperiment;
import io.shoplens.predict.propensity.PropensityReport;
import io.shoplens.predict.tabular.Importance;
import io.shoplens.predict.tabular.Metrics;
import io.shoplens.predict.tabular.TabularModels;
import io.shoplens.predict.tabular.TabularTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Purchase propensity: who buys within the horizon after a cut-off. */
@Command(name = "purchase", mixinStandardHelpOptions = true,
        description = "Purchase propensity: label = the user buys within --horizon after a cut-off, features from "
                + "events strictly before it. Trains the recency rule (baseline) and the learners, prints AUC, "
                + "log-loss, F1 at the validation-chosen threshold, calibration, importances and top reasons.")
final class PredictPurchase implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PredictData data;

    @Option(names = "--horizon", defaultValue = "1d", paramLabel = "DURATION",
            description = "Label window after each cut-off, e.g. 20m, 2h, 1d (default: ${DEFAULT-VALUE}).")
    String horizon;

    @Option(names = "--train-cutoffs", defaultValue = "1", paramLabel = "N",
            description = "Training cut-offs stacked before the validation one (default: ${DEFAULT-VALUE}).")
    int trainCutoffs;

    @Option(names = "--category", paramLabel = "ID", description = "Only purchases in this category count.")
    String category;

    @Option(names = "--utc-offset", defaultValue = "8", paramLabel = "H",
            description = "Shop time zone for hour-of-day features, hours east of UTC (default: ${DEFAULT-VALUE}).")
    int utcOffset;

    @Option(names = "--learners", split = ",", defaultValue = "logistic,xgboost,mlp", paramLabel = "NAME",
            description = "Learners beside the baseline: logistic, xgboost, mlp, prior (default: ${DEFAULT-VALUE}).")
    List<String> learners;

    @Option(names = "--param", paramLabel = "LEARNER.KEY=VALUE", description = "A hyperparameter, e.g. "
            + "xgboost.maxDepth=4; repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the learners and of permutation "
            + "importance (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON here.")
    Path json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Map<String, String>> byLearner = PredictData.paramsByLearner(params, learners);
        List<TabularTrainer> trainers = new ArrayList<>();
        for (String l : learners) {
            Map<String, String> p = new LinkedHashMap<>(byLearner.get(l));
            if (!l.equals("prior") && !l.equals("logistic")) {
                p.putIfAbsent("seed", Long.toString(seed));
            }
            trainers.add(TabularModels.trainer(l, p));
        }
        Dataset d = data.load(out);
        InteractionStore store = d.events();
        int categoryIndex = -1;
        if (category != null) {
            categoryIndex = store.categories().indexOf(category);
            if (categoryIndex < 0) {
                throw new IllegalArgumentException("category '" + category + "' does not occur in the log");
            }
        }
        PropensityConfig cfg = new PropensityConfig(PredictData.seconds(horizon), null, categoryIndex, utcOffset,
                trainCutoffs, 3, seed);
        PropensityReport r = new PropensityExperiment(cfg).run(store, new PropensityReport.Dataset(d.name(),
                data.fingerprint(d), store.numEvents(), store.activeUsers()), trainers);
        print(out, r);
        if (json != null) {
            EvaluateCommand.writeJson(json, r);
            out.println("wrote " + json);
        }
        return 0;
    }

    static void print(PrintWriter out, PropensityReport r) {
        PropensityReport.Protocol p = r.protocol();
        out.println();
        out.println("task:     purchase propensity");
        out.println("protocol: " + p.description());
        out.printf("rows:     train %,d (%.2f%% buy), validation %,d (%.2f%%), test %,d (%.2f%%)%n", p.trainRows(),
                100 * p.trainPositiveRate(), p.validationRows(), 100 * p.validationPositiveRate(), p.testRows(),
                100 * p.testPositiveRate());
        out.printf("data:     %s (%,d events, %,d users; %s)%n", r.dataset().name(), r.dataset().events(),
                r.dataset().users(), r.dataset().sha256());
        Tables t = new Tables().row("model", "val AUC", "test AUC", "test log-loss", "threshold", "precision",
                "recall", "F1", "train s");
        for (PropensityReport.ModelResult m : r.models()) {
            t.row(m.name() + (m.name().equals(r.baseline()) ? " (baseline)" : ""), m.validationAuc(), m.testAuc(),
                    m.testLogLoss(), m.threshold(), m.testPrecision(), m.testRecall(), m.testF1(), m.trainSeconds());
        }
        t.print(out);
        PropensityReport.ModelResult best = r.model(r.best());
        PropensityReport.ModelResult base = r.model(r.baseline());
        out.printf("best by validation AUC: %s; test AUC %.4f vs baseline %.4f (%+.4f), log-loss %.4f vs %.4f%n",
                best.name(), best.testAuc(), base.testAuc(), best.testAuc() - base.testAuc(), best.testLogLoss(),
                base.testLogLoss());
        out.println();
        out.println("calibration of " + best.name() + " on test (deciles of predicted probability):");
        Tables c = new Tables().row("decile", "rows", "mean predicted", "observed");
        for (Metrics.CalibrationBin b : best.calibration()) {
            c.row(b.bin(), b.rows(), b.meanPredicted(), b.observedRate());
        }
        c.print(out);
        out.println();
        out.println("permutation importance (validation AUC drop, mean of 3 shuffles), top 8:");
        Tables imp = new Tables().row("feature", best.name(), "sd", "xgboost gain share");
        double totalGain = r.models().stream().filter(m -> !m.gain().isEmpty()).findFirst()
                .map(m -> m.gain().values().stream().mapToDouble(Double::doubleValue).sum()).orElse(0.0);
        Map<String, Double> gain = r.models().stream().filter(m -> !m.gain().isEmpty()).findFirst()
                .map(PropensityReport.ModelResult::gain).orElse(Map.of());
        for (Importance.Feature f : best.permutationImportance().subList(0,
                Math.min(8, best.permutationImportance().size()))) {
            imp.row(f.feature(), f.drop(), f.sd(), totalGain > 0 ? gain.getOrDefault(f.feature(), 0.0) / totalGain
                    : "-");
        }
        imp.print(out);
        out.println();
        out.println("top reasons of " + best.name() + " for the test users it ranks highest:");
        for (PropensityReport.UserReasons u : r.reasons()) {
            out.printf("  user %s: p=%.3f, bought=%s%n", u.user(), u.probability(), u.bought() ? "yes" : "no");
            for (Importance.Reason reason : u.reasons()) {
                out.println("    - " + reason.text());
            }
        }
    }
}
