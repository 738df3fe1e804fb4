package io.shoplens.core.metrics;

import java.util.Objects;

/**
 * The ranking-accuracy metrics that {@link RankingMetrics} computes per user and {@link MetricAccumulator} averages
 * over users. Every metric takes values in {@code [0, 1]}, higher being better.
 *
 * <p>All metrics except {@link #AUC} are computed at a cutoff {@code k} (only the top {@code k} positions of the
 * ranking count) and are reported under keys such as {@code "NDCG@10"}; AUC looks at the whole candidate list and is
 * reported as {@code "AUC"}. See {@link #key(Metric, int)}.
 */
public enum Metric {
    /** Hit rate: 1 if at least one relevant item is in the top {@code k}, else 0. See {@link RankingMetrics#hitRate}. */
    HR("HR", true),
    /** Precision: the fraction of the top {@code k} positions holding relevant items. See {@link RankingMetrics#precision}. */
    PRECISION("Precision", true),
    /** Recall: the fraction of the relevant items found in the top {@code k}. See {@link RankingMetrics#recall}. */
    RECALL("Recall", true),
    /** F1: the harmonic mean of precision and recall at {@code k}. See {@link RankingMetrics#f1}. */
    F1("F1", true),
    /**
     * Normalised discounted cumulative gain with binary relevance (Järvelin &amp; Kekäläinen 2002).
     * See {@link RankingMetrics#ndcg}.
     */
    NDCG("NDCG", true),
    /** Mean average precision: average precision at {@code k}, averaged over users. See {@link RankingMetrics#averagePrecision}. */
    MAP("MAP", true),
    /** Mean reciprocal rank: the reciprocal rank of the first hit within the top {@code k}. See {@link RankingMetrics#reciprocalRank}. */
    MRR("MRR", true),
    /** Area under the ROC curve over the whole candidate list; has no cutoff. See {@link RankingMetrics#auc}. */
    AUC("AUC", false);

    private final String label;
    private final boolean cutoff;

    Metric(String label, boolean cutoff) {
        this.label = label;
        this.cutoff = cutoff;
    }

    /**
     * The display name of the metric: {@code "HR"}, {@code "Precision"}, {@code "Recall"}, {@code "F1"},
     * {@code "NDCG"}, {@code "MAP"}, {@code "MRR"} or {@code "AUC"}.
     *
     * @return the label, never {@code null}
     */
    public String label() {
        return label;
    }

    /**
     * Whether the metric is computed at a cutoff {@code k}; true for every metric except {@link #AUC}.
     *
     * @return true if the metric takes a cutoff
     */
    public boolean cutoff() {
        return cutoff;
    }

    /**
     * The key under which a metric value is reported: the label followed by {@code "@k"} for cutoff metrics
     * ({@code "HR@10"}, {@code "NDCG@5"}), the bare label for metrics without a cutoff ({@code "AUC"}, whatever
     * {@code k} is).
     *
     * @param m the metric
     * @param k the cutoff, at least 1 for cutoff metrics; ignored for metrics without a cutoff
     * @return the report key
     * @throws IllegalArgumentException if {@code m} takes a cutoff and {@code k < 1}
     * @throws NullPointerException if {@code m} is null
     */
    public static String key(Metric m, int k) {
        Objects.requireNonNull(m, "metric");
        if (!m.cutoff) {
            return m.label;
        }
        if (k < 1) {
            throw new IllegalArgumentException("The cutoff k must be at least 1, but was " + k + ".");
        }
        return m.label + "@" + k;
    }
}
