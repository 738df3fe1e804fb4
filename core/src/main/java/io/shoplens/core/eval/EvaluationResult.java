package io.shoplens.core.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of one model on one part of a split, with the protocol that produced them.
 *
 * @param part     {@code "validation"} or {@code "test"}
 * @param protocol how the numbers were made
 * @param split    the split's description
 * @param users    users evaluated
 * @param metrics  mean per-user metrics ("HR@10", "NDCG@10", ..., "AUC") then catalogue metrics
 *                 ("Coverage@10", "ARP@10", "PopBias@10", "Gini@10"), all in [0, 1] except ARP (interactions)
 * @param intervals half-width of each metric's 95% confidence interval (same keys): the metric lies in
 *                 {@code value ± halfWidth}; normal approximation for per-user means, bootstrap over users for the
 *                 catalogue metrics; NaN when too few users were evaluated
 * @param seconds  wall time of the evaluation
 */
public record EvaluationResult(String part, Protocol protocol, String split, int users, Map<String, Double> metrics,
                               Map<String, Double> intervals, double seconds) {
    public EvaluationResult {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        intervals = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
    }

    /** The half-width of the 95% interval of the metric named {@code key}, or NaN when unknown. */
    public double interval(String key) {
        return intervals.getOrDefault(key, Double.NaN);
    }

    /** The metric named {@code key}, or a failure listing the available ones. */
    public double metric(String key) {
        Double v = metrics.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + key + "'; available: " + metrics.keySet());
        }
        return v;
    }
}
