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
 * @param seconds  wall time of the evaluation
 */
public record EvaluationResult(String part, Protocol protocol, String split, int users, Map<String, Double> metrics,
                               double seconds) {
    public EvaluationResult {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
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
