package io.shoplens.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Averages per-user ranking metrics ({@link RankingMetrics}) over many users, for a fixed set of metrics and
 * cutoffs.
 *
 * <p>Each {@link #addUser} call computes, for that user, every requested metric at every requested cutoff (AUC once,
 * without a cutoff) and adds the values to running sums; {@link #means()} returns the per-metric averages over the
 * users added so far (so, for example, the mean of {@link Metric#MAP} is MAP@k and the mean of {@link Metric#MRR}
 * is MRR@k). All means lie in {@code [0, 1]}. Sums (and sums of squares, for {@link #halfWidths()}) are kept with
 * compensated (Neumaier) summation, so means do not drift over millions of users.
 *
 * <p>Not thread-safe. For parallel evaluation give each thread its own accumulator, built with the same metrics and
 * cutoffs, and combine them with {@link #merge}.
 */
public final class MetricAccumulator {
    private final List<Metric> metrics;
    private final int[] ks;
    private final boolean needsCandidates;
    /** Metric of each reported value, in report order. */
    private final Metric[] slotMetric;
    /** Cutoff of each reported value, in report order (unused for metrics without a cutoff). */
    private final int[] slotK;
    private final String[] slotKey;
    private final double[] sums;
    private final double[] compensations;
    private final double[] squares;
    private final double[] squareCompensations;
    private int users;

    /** The normal quantile of a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    /**
     * Creates an empty accumulator.
     *
     * <p>The reported values are, in this order, for each metric in {@code metrics} (in list order): the metric at
     * each cutoff in {@code ks} (in array order) if it takes a cutoff, or the metric once if it does not (AUC).
     *
     * @param metrics the metrics to compute; not empty, no duplicates, no nulls
     * @param ks      the cutoffs, each at least 1, no duplicates; may be empty only if no metric takes a cutoff.
     *                The array is copied.
     * @throws IllegalArgumentException if the metrics or cutoffs break these rules
     * @throws NullPointerException     if {@code metrics}, one of its elements, or {@code ks} is null
     */
    public MetricAccumulator(List<Metric> metrics, int[] ks) {
        this.metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics"));
        this.ks = Objects.requireNonNull(ks, "ks").clone();
        if (this.metrics.isEmpty()) {
            throw new IllegalArgumentException("At least one metric is needed, but the metric list is empty.");
        }
        Set<Metric> seen = EnumSet.noneOf(Metric.class);
        boolean anyCutoff = false;
        for (Metric m : this.metrics) {
            if (!seen.add(m)) {
                throw new IllegalArgumentException("Metric " + m + " appears more than once in the metric list.");
            }
            anyCutoff |= m.cutoff();
        }
        for (int i = 0; i < this.ks.length; i++) {
            RankingMetrics.checkK(this.ks[i]);
            for (int j = 0; j < i; j++) {
                if (this.ks[j] == this.ks[i]) {
                    throw new IllegalArgumentException("Cutoff " + this.ks[i] + " appears more than once in ks.");
                }
            }
        }
        if (anyCutoff && this.ks.length == 0) {
            throw new IllegalArgumentException("The metrics " + this.metrics
                    + " include cutoff metrics, but no cutoff was given in ks.");
        }
        this.needsCandidates = seen.contains(Metric.AUC);

        List<Metric> metricOfSlot = new ArrayList<>();
        List<Integer> kOfSlot = new ArrayList<>();
        for (Metric m : this.metrics) {
            if (m.cutoff()) {
                for (int k : this.ks) {
                    metricOfSlot.add(m);
                    kOfSlot.add(k);
                }
            } else {
                metricOfSlot.add(m);
                kOfSlot.add(0);
            }
        }
        int n = metricOfSlot.size();
        slotMetric = metricOfSlot.toArray(new Metric[0]);
        slotK = new int[n];
        slotKey = new String[n];
        for (int i = 0; i < n; i++) {
            slotK[i] = kOfSlot.get(i);
            slotKey[i] = Metric.key(slotMetric[i], slotK[i]);
        }
        sums = new double[n];
        compensations = new double[n];
        squares = new double[n];
        squareCompensations = new double[n];
    }

    /**
     * Computes every configured metric for one user and adds the values to the running sums.
     *
     * <p>The arguments follow the conventions of {@link RankingMetrics}: the 0-based ranks of the user's relevant
     * items among the candidates (distinct, non-negative, any order; not modified), and the number of relevant items,
     * which may exceed the number of ranks when some relevant items were not ranked. If the input is invalid, nothing
     * is added.
     *
     * @param relevantRanks 0-based ranks of the user's relevant items
     * @param numRelevant   the number of relevant items of the user, at least 1 and at least
     *                      {@code relevantRanks.length}
     * @param numCandidates the length of the ranked candidate list, used only for AUC: when AUC is configured, every
     *                      rank must be below it and it must exceed {@code relevantRanks.length}; otherwise ignored
     * @throws IllegalArgumentException if an input rule of {@link RankingMetrics} is violated
     * @throws ArithmeticException      if more than {@link Integer#MAX_VALUE} users are added
     */
    public void addUser(int[] relevantRanks, int numRelevant, int numCandidates) {
        int[] sorted = RankingMetrics.sortedCopy(relevantRanks, numRelevant);
        if (needsCandidates) {
            RankingMetrics.checkCandidates(sorted, numCandidates);
        }
        int newUsers = Math.incrementExact(users);
        for (int i = 0; i < slotMetric.length; i++) {
            double v = value(slotMetric[i], sorted, numRelevant, slotK[i], numCandidates);
            add(sums, compensations, i, v);
            add(squares, squareCompensations, i, v * v);
        }
        users = newUsers;
    }

    /**
     * The number of users added so far, including those added through {@link #merge}.
     *
     * @return a non-negative count
     */
    public int users() {
        return users;
    }

    /**
     * The mean of each configured metric over the users added so far, keyed by {@link Metric#key} ({@code "HR@10"},
     * {@code "NDCG@10"}, ..., {@code "AUC"}) in the order described at {@link #MetricAccumulator(List, int[])}.
     *
     * @return a new map whose values lie in {@code [0, 1]}, or are {@link Double#NaN} when no user has been added
     */
    public LinkedHashMap<String, Double> means() {
        LinkedHashMap<String, Double> result = new LinkedHashMap<>();
        for (int i = 0; i < slotKey.length; i++) {
            double mean = users == 0 ? Double.NaN : clamp((sums[i] + compensations[i]) / users);
            result.put(slotKey[i], mean);
        }
        return result;
    }

    /**
     * The half-width of the 95% confidence interval of each mean in {@link #means()} (same keys, same order), by the
     * normal approximation to the mean of independent per-user values: {@code 1.96 * s / sqrt(n)} with {@code s}
     * the sample standard deviation over the {@code n} users. The interval is {@code mean ± halfWidth}.
     *
     * @return a new map of non-negative values, {@link Double#NaN} for fewer than two users
     */
    public LinkedHashMap<String, Double> halfWidths() {
        LinkedHashMap<String, Double> result = new LinkedHashMap<>();
        for (int i = 0; i < slotKey.length; i++) {
            if (users < 2) {
                result.put(slotKey[i], Double.NaN);
                continue;
            }
            double mean = (sums[i] + compensations[i]) / users;
            double var = Math.max(0, ((squares[i] + squareCompensations[i]) - users * mean * mean) / (users - 1));
            result.put(slotKey[i], Z95 * Math.sqrt(var / users));
        }
        return result;
    }

    /**
     * Adds all users of {@code other} to this accumulator, as if they had been added here with {@link #addUser}
     * (up to floating-point rounding). {@code other} is left unchanged.
     *
     * @param other an accumulator built with the same metrics in the same order and the same cutoffs in the same
     *              order
     * @throws IllegalArgumentException if {@code other} was built with different metrics or cutoffs
     * @throws ArithmeticException      if the combined user count exceeds {@link Integer#MAX_VALUE}
     * @throws NullPointerException     if {@code other} is null
     */
    public void merge(MetricAccumulator other) {
        Objects.requireNonNull(other, "other");
        if (!metrics.equals(other.metrics) || !Arrays.equals(ks, other.ks)) {
            throw new IllegalArgumentException("Cannot merge an accumulator for metrics " + other.metrics
                    + " and cutoffs " + Arrays.toString(other.ks) + " into one for metrics " + metrics
                    + " and cutoffs " + Arrays.toString(ks) + ".");
        }
        int newUsers = Math.addExact(users, other.users);
        double[] otherSums = other.sums.clone();
        double[] otherCompensations = other.compensations.clone();
        double[] otherSquares = other.squares.clone();
        double[] otherSquareCompensations = other.squareCompensations.clone();
        for (int i = 0; i < sums.length; i++) {
            add(sums, compensations, i, otherSums[i]);
            add(sums, compensations, i, otherCompensations[i]);
            add(squares, squareCompensations, i, otherSquares[i]);
            add(squares, squareCompensations, i, otherSquareCompensations[i]);
        }
        users = newUsers;
    }

    /** Neumaier's compensated addition of x to slot i of {@code sums}. */
    private static void add(double[] sums, double[] compensations, int i, double x) {
        double sum = sums[i];
        double t = sum + x;
        if (Math.abs(sum) >= Math.abs(x)) {
            compensations[i] += (sum - t) + x;
        } else {
            compensations[i] += (x - t) + sum;
        }
        sums[i] = t;
    }

    /** Guards against a mean leaving [0, 1] by a rounding error. */
    private static double clamp(double mean) {
        return Math.max(0.0, Math.min(1.0, mean));
    }

    private static double value(Metric metric, int[] sorted, int numRelevant, int k, int numCandidates) {
        return switch (metric) {
            case HR -> RankingMetrics.hitRateSorted(sorted, k);
            case PRECISION -> RankingMetrics.precisionSorted(sorted, k);
            case RECALL -> RankingMetrics.recallSorted(sorted, numRelevant, k);
            case F1 -> RankingMetrics.f1Sorted(sorted, numRelevant, k);
            case NDCG -> RankingMetrics.ndcgSorted(sorted, numRelevant, k);
            case MAP -> RankingMetrics.averagePrecisionSorted(sorted, numRelevant, k);
            case MRR -> RankingMetrics.reciprocalRankSorted(sorted, k);
            case AUC -> RankingMetrics.aucSorted(sorted, numRelevant, numCandidates);
        };
    }
}
