package io.shoplens.predict.propensity;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.predict.tabular.GbtModel;
import io.shoplens.predict.tabular.Importance;
import io.shoplens.predict.tabular.Metrics;
import io.shoplens.predict.tabular.TabularModel;
import io.shoplens.predict.tabular.TabularTrainer;
import io.shoplens.predict.tabular.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs purchase propensity end to end under the time cuts of {@link PropensityConfig}: builds the training,
 * validation and test rows, trains the recency-rule baseline and every given learner, chooses each one's F1
 * threshold on validation, and reports AUC, log-loss, precision/recall/F1 and calibration on test, permutation
 * importance on validation, XGBoost gains, and the best model's reasons for the test users it ranks highest.
 * The best model is chosen by validation AUC.
 */
public final class PropensityExperiment {
    private static final Logger LOG = LoggerFactory.getLogger(PropensityExperiment.class);
    private static final int REASON_USERS = 5;
    private static final int REASONS = 3;

    private final PropensityConfig config;

    /** An experiment with {@code config}. */
    public PropensityExperiment(PropensityConfig config) {
        this.config = config;
    }

    /** The rows of one experiment. */
    record Parts(PropensityFeatures.Rows train, PropensityFeatures.Rows validation, PropensityFeatures.Rows test,
                 long[] trainCutoffs, long validationCutoff, long testCutoff) {
    }

    /** Builds the three parts; fails when the log is too short for the cut-offs. */
    Parts parts(InteractionStore store, String fingerprint) {
        if (store.numEvents() == 0) {
            throw new IllegalArgumentException("the behaviour log is empty");
        }
        if (store.ordinalTime()) {
            throw new IllegalArgumentException("purchase propensity needs timestamps; this log has only row order");
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int p = 0; p < store.numEvents(); p++) {
            first = Math.min(first, store.timeAt(p));
            last = Math.max(last, store.timeAt(p));
        }
        long h = config.horizonSeconds();
        long test = config.testCutoff() != null ? config.testCutoff() : last + 1 - h;
        long earliest = test - (config.trainCutoffs() + 1) * h;
        if (earliest <= first) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the log spans %.2f hours before the test cut-off %s, but a horizon of %.2f hours with %d "
                            + "training cut-off(s) needs more than %.2f; use a shorter --horizon",
                    (test - first) / 3600.0, Instant.ofEpochSecond(test), h / 3600.0, config.trainCutoffs(),
                    (config.trainCutoffs() + 1) * h / 3600.0));
        }
        long[] trainCutoffs = new long[config.trainCutoffs()];
        List<PropensityFeatures.Rows> trainParts = new ArrayList<>();
        for (int k = 0; k < trainCutoffs.length; k++) {
            trainCutoffs[k] = test - (k + 2) * h;
            trainParts.add(build(store, trainCutoffs[k], fingerprint));
        }
        return new Parts(concat(trainParts), build(store, test - h, fingerprint), build(store, test, fingerprint),
                trainCutoffs, test - h, test);
    }

    private PropensityFeatures.Rows build(InteractionStore store, long cutoff, String fingerprint) {
        PropensityFeatures.Rows r = PropensityFeatures.build(store, cutoff, config.horizonSeconds(),
                config.category(), config.utcOffsetHours(), fingerprint);
        r.table().requireRows("the rows at cut-off " + Instant.ofEpochSecond(cutoff));
        return r;
    }

    private static PropensityFeatures.Rows concat(List<PropensityFeatures.Rows> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = parts.stream().mapToInt(p -> p.users().length).sum();
        int[] users = new int[n];
        float[][] x = new float[n][];
        float[] y = new float[n];
        int k = 0;
        StringBuilder fp = new StringBuilder();
        for (PropensityFeatures.Rows p : parts) {
            for (int i = 0; i < p.users().length; i++) {
                users[k] = p.users()[i];
                x[k] = p.table().x()[i];
                y[k] = p.table().y()[i];
                k++;
            }
            fp.append(fp.length() == 0 ? "" : " + ").append(p.table().fingerprint());
        }
        Table t = parts.get(0).table();
        return new PropensityFeatures.Rows(users, new Table(t.featureNames(), x, y, t.task(), 2, fp.toString()));
    }

    /**
     * Runs the experiment on {@code store} with the baseline and {@code learners}.
     *
     * @param dataset describes the data for the report
     */
    public PropensityReport run(InteractionStore store, PropensityReport.Dataset dataset,
            List<TabularTrainer> learners) {
        Parts parts = parts(store, dataset.sha256());
        Table train = parts.train().table();
        Table valid = parts.validation().table();
        Table test = parts.test().table();
        for (Table t : List.of(train, valid, test)) {
            if (t.positiveRate() == 0 || t.positiveRate() == 1) {
                throw new IllegalArgumentException("a part has only one class (positive rate " + t.positiveRate()
                        + ", " + t.rows() + " rows); AUC needs both buyers and non-buyers: use a longer horizon "
                        + "or more data");
            }
        }
        List<TabularTrainer> all = new ArrayList<>();
        all.add(new RecencyRuleTrainer());
        all.addAll(learners);
        List<PropensityReport.ModelResult> results = new ArrayList<>();
        Map<String, TabularModel> models = new LinkedHashMap<>();
        for (TabularTrainer trainer : all) {
            LOG.info("training {} on {} rows", trainer.algorithm(), train.rows());
            TabularModel m = trainer.train(train, valid);
            models.put(trainer.algorithm(), m);
            results.add(evaluate(trainer.algorithm(), m, valid, test));
        }
        PropensityReport.ModelResult best = results.stream()
                .max(Comparator.comparingDouble(PropensityReport.ModelResult::validationAuc)).orElseThrow();
        List<PropensityReport.UserReasons> reasons = reasons(store, models.get(best.name()), train, parts.test());
        String category = config.category() < 0 ? "any" : store.categories().externalId(config.category());
        PropensityReport.Protocol protocol = new PropensityReport.Protocol(describe(parts), config.horizonSeconds(),
                Arrays.stream(parts.trainCutoffs()).mapToObj(t -> Instant.ofEpochSecond(t).toString()).toList(),
                Instant.ofEpochSecond(parts.validationCutoff()).toString(),
                Instant.ofEpochSecond(parts.testCutoff()).toString(), category, train.rows(), valid.rows(),
                test.rows(), train.positiveRate(), valid.positiveRate(), test.positiveRate());
        return new PropensityReport(dataset, protocol, RecencyRuleTrainer.NAME, best.name(), results, reasons);
    }

    private String describe(Parts p) {
        return String.format(java.util.Locale.ROOT, "label: buys %s within %.4g h after the cut-off; features from "
                + "events strictly before it; train cut-off(s) %s, validation %s, test %s; population: users with "
                + ">= 1 event before the cut-off; threshold and best model chosen on validation",
                config.category() < 0 ? "anything" : "in category index " + config.category(),
                config.horizonSeconds() / 3600.0,
                Arrays.stream(p.trainCutoffs()).mapToObj(t -> Instant.ofEpochSecond(t).toString()).toList(),
                Instant.ofEpochSecond(p.validationCutoff()), Instant.ofEpochSecond(p.testCutoff()));
    }

    private PropensityReport.ModelResult evaluate(String name, TabularModel m, Table valid, Table test) {
        double[] pv = m.predictFirst(valid);
        double[] pt = m.predictFirst(test);
        Metrics.F1 chosen = Metrics.bestF1(pv, valid.y());
        Metrics.F1 onTest = Metrics.f1At(pt, test.y(), chosen.threshold());
        List<Importance.Feature> imp = Importance.permutation(m, valid, (p, y) -> Metrics.auc(first(p), y),
                config.importanceRepeats(), config.seed());
        Map<String, Double> gain = m instanceof GbtModel g ? g.totalGain() : Map.of();
        return new PropensityReport.ModelResult(name, m.provenance().params(), m.provenance().trainSeconds(),
                Metrics.auc(pv, valid.y()), Metrics.logLoss(pv, valid.y()), chosen.threshold(),
                Metrics.auc(pt, test.y()), Metrics.logLoss(pt, test.y()), onTest.precision(), onTest.recall(),
                onTest.f1(), Metrics.calibration(pt, test.y(), 10), imp, gain);
    }

    private static List<PropensityReport.UserReasons> reasons(InteractionStore store, TabularModel m, Table train,
            PropensityFeatures.Rows test) {
        float[] typical = Importance.medians(train);
        double[] p = m.predictFirst(test.table());
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]) != 0 ? Double.compare(p[b], p[a])
                : Integer.compare(a, b));
        List<PropensityReport.UserReasons> out = new ArrayList<>();
        for (int k = 0; k < Math.min(REASON_USERS, order.length); k++) {
            int i = order[k];
            out.add(new PropensityReport.UserReasons(store.users().externalId(test.users()[i]), p[i],
                    test.table().y()[i] > 0.5f, Importance.reasons(m, test.table().x()[i], typical, REASONS)));
        }
        return out;
    }

    private static double[] first(double[][] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i][0];
        }
        return out;
    }
}
