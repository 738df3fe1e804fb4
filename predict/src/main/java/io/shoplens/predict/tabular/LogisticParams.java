package io.shoplens.predict.tabular;

import io.shoplens.core.model.Params;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link LogisticTrainer}: binary logistic regression (Cox 1958) on standardised features,
 * fitted by Newton's method (iteratively reweighted least squares) with an L2 penalty.
 *
 * @param l2      penalty {@code l2/2 · ||w||²} added to the summed negative log-likelihood (the intercept is not
 *                penalised), in [0, 1e6]; 1 by default
 * @param maxIter Newton iterations at most, 1..1000; 50 by default
 * @param tol     stop when the largest coefficient change is below this, in (0, 1]; 1e-7 by default
 */
public record LogisticParams(double l2, int maxIter, double tol) {
    /** The algorithm name. */
    public static final String NAME = "logistic";

    public LogisticParams {
        if (!(l2 >= 0 && l2 <= 1e6)) {
            throw new IllegalArgumentException("l2 must be in [0, 1e6], got " + l2);
        }
        if (maxIter < 1 || maxIter > 1000) {
            throw new IllegalArgumentException("maxIter must be in 1..1000, got " + maxIter);
        }
        if (!(tol > 0 && tol <= 1)) {
            throw new IllegalArgumentException("tol must be in (0, 1], got " + tol);
        }
    }

    /** Defaults: l2 1, 50 iterations, tolerance 1e-7. */
    public static LogisticParams defaults() {
        return new LogisticParams(1.0, 50, 1e-7);
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static LogisticParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        LogisticParams d = defaults();
        LogisticParams r = new LogisticParams(p.doubleValue("l2", d.l2, 0, 1e6),
                p.intValue("maxIter", d.maxIter, 1, 1000), p.doubleValue("tol", d.tol, Double.MIN_VALUE, 1));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("l2", Double.toString(l2));
        m.put("maxIter", Integer.toString(maxIter));
        m.put("tol", Double.toString(tol));
        return m;
    }
}
