package io.shoplens.predict.tabular;

import io.shoplens.core.model.Params;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link GbtTrainer}: gradient-boosted trees (Friedman, "Greedy function approximation: a
 * gradient boosting machine", Ann. Stat. 2001) as implemented by XGBoost (Chen &amp; Guestrin, KDD 2016), histogram
 * method.
 *
 * @param rounds         most boosting rounds, 1..100000; the number kept is chosen on validation
 * @param maxDepth       tree depth, 1..20
 * @param eta            learning rate (shrinkage), (0, 1]
 * @param subsample      share of rows sampled per tree, (0, 1]
 * @param colsample      share of columns sampled per tree, (0, 1]
 * @param minChildWeight smallest hessian sum in a leaf, [0, 1e6]
 * @param lambda         L2 penalty on leaf weights, [0, 1e6]
 * @param earlyStop      stop after this many rounds without a better validation loss, 1..10000
 * @param threads        XGBoost threads, 1..1024; results do not depend on it
 * @param seed           seed of row and column sampling
 */
public record GbtParams(int rounds, int maxDepth, double eta, double subsample, double colsample,
                        double minChildWeight, double lambda, int earlyStop, int threads, long seed) {
    /** The algorithm name. */
    public static final String NAME = "xgboost";

    public GbtParams {
        check("rounds", rounds, 1, 100_000);
        check("maxDepth", maxDepth, 1, 20);
        checkOpen("eta", eta);
        checkOpen("subsample", subsample);
        checkOpen("colsample", colsample);
        if (!(minChildWeight >= 0 && minChildWeight <= 1e6)) {
            throw new IllegalArgumentException("minChildWeight must be in [0, 1e6], got " + minChildWeight);
        }
        if (!(lambda >= 0 && lambda <= 1e6)) {
            throw new IllegalArgumentException("lambda must be in [0, 1e6], got " + lambda);
        }
        check("earlyStop", earlyStop, 1, 10_000);
        check("threads", threads, 1, 1024);
    }

    /** Defaults: 1000 rounds at most, depth 6, eta 0.05, subsample and colsample 0.8, early stop after 50. */
    public static GbtParams defaults() {
        return new GbtParams(1000, 6, 0.05, 0.8, 0.8, 1, 1, 50, Runtime.getRuntime().availableProcessors(), 42);
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static GbtParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        GbtParams d = defaults();
        GbtParams r = new GbtParams(p.intValue("rounds", d.rounds, 1, 100_000),
                p.intValue("maxDepth", d.maxDepth, 1, 20), p.doubleValue("eta", d.eta, Double.MIN_VALUE, 1),
                p.doubleValue("subsample", d.subsample, Double.MIN_VALUE, 1),
                p.doubleValue("colsample", d.colsample, Double.MIN_VALUE, 1),
                p.doubleValue("minChildWeight", d.minChildWeight, 0, 1e6), p.doubleValue("lambda", d.lambda, 0, 1e6),
                p.intValue("earlyStop", d.earlyStop, 1, 10_000), p.intValue("threads", d.threads, 1, 1024),
                p.longValue("seed", d.seed));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rounds", Integer.toString(rounds));
        m.put("maxDepth", Integer.toString(maxDepth));
        m.put("eta", Double.toString(eta));
        m.put("subsample", Double.toString(subsample));
        m.put("colsample", Double.toString(colsample));
        m.put("minChildWeight", Double.toString(minChildWeight));
        m.put("lambda", Double.toString(lambda));
        m.put("earlyStop", Integer.toString(earlyStop));
        m.put("threads", Integer.toString(threads));
        m.put("seed", Long.toString(seed));
        return m;
    }

    private static void check(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + v);
        }
    }

    private static void checkOpen(String name, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], got " + v);
        }
    }
}
