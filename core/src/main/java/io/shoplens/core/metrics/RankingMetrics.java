package io.shoplens.core.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-user ranking-accuracy metrics with binary relevance, as pure static functions.
 *
 * <p>A user's ranking is described by the 0-based positions ({@code relevantRanks}, 0 = top) that the user's
 * relevant (held-out) items received in the list of candidates the recommender ranked, together with the number of
 * relevant items {@code numRelevant}. {@code numRelevant} may exceed {@code relevantRanks.length}: relevant items
 * that were not ranked at all (for example because they were filtered out of the candidates) count as never
 * retrieved. The ranks may be given in any order; the caller's array is never modified.
 *
 * <p>Common input rules, checked by every method: {@code relevantRanks} is not null, its entries are non-negative
 * and distinct; where given, {@code numRelevant >= 1} and {@code relevantRanks.length <= numRelevant}; where given,
 * the cutoff {@code k >= 1}. A violation throws {@link IllegalArgumentException} with a sentence naming the bad
 * value ({@link NullPointerException} for a null array).
 *
 * <p>Every metric returns a value in {@code [0, 1]}, higher being better. Per-user values are averaged over users by
 * {@link MetricAccumulator}; averaging {@link #averagePrecision} gives MAP and averaging {@link #reciprocalRank}
 * gives MRR.
 */
public final class RankingMetrics {
    private static final int TABLE_SIZE = 1024;
    /** DISCOUNT[r] = 1 / log2(r + 2), the gain of a relevant item at 0-based rank r. */
    private static final double[] DISCOUNT = new double[TABLE_SIZE];
    /** IDEAL_DCG[n] = DISCOUNT[0] + ... + DISCOUNT[n - 1], the DCG of n relevant items at the top. */
    private static final double[] IDEAL_DCG = new double[TABLE_SIZE + 1];

    static {
        for (int r = 0; r < TABLE_SIZE; r++) {
            DISCOUNT[r] = computeDiscount(r);
            IDEAL_DCG[r + 1] = IDEAL_DCG[r] + DISCOUNT[r];
        }
    }

    private RankingMetrics() {
    }

    /**
     * Hit rate at {@code k} (HR@k): 1 if at least one relevant item is ranked in the top {@code k}
     * (rank {@code < k}), otherwise 0.
     *
     * @param relevantRanks 0-based ranks of the user's relevant items, distinct, non-negative, any order
     * @param k             the cutoff, at least 1
     * @return 0 or 1
     * @throws IllegalArgumentException if an input rule is violated
     */
    public static double hitRate(int[] relevantRanks, int k) {
        checkK(k);
        return hitRateSorted(sortedCopy(relevantRanks), k);
    }

    /**
     * Precision at {@code k} (P@k): the number of relevant items ranked in the top {@code k}, divided by {@code k}.
     * When the user has fewer than {@code k} relevant items, P@k cannot reach 1.
     *
     * @param relevantRanks 0-based ranks of the user's relevant items, distinct, non-negative, any order
     * @param k             the cutoff, at least 1
     * @return a value in {@code [0, 1]}
     * @throws IllegalArgumentException if an input rule is violated
     */
    public static double precision(int[] relevantRanks, int k) {
        checkK(k);
        return precisionSorted(sortedCopy(relevantRanks), k);
    }

    /**
     * Recall at {@code k} (R@k): the number of relevant items ranked in the top {@code k}, divided by
     * {@code numRelevant}. When {@code numRelevant > k}, R@k cannot reach 1.
     *
     * @param relevantRanks 0-based ranks of the user's relevant items, distinct, non-negative, any order
     * @param numRelevant   the number of relevant items of the user, at least 1 and at least
     *                      {@code relevantRanks.length}
     * @param k             the cutoff, at least 1
     * @return a value in {@code [0, 1]}
     * @throws IllegalArgumentException if an input rule is violated
     */
    public static double recall(int[] relevantRanks, int numRelevant, int k) {
        checkK(k);
        return recallSorted(sortedCopy(relevantRanks, numRelevant), numRelevant, k);
    }

    /**
     * F1 at {@code k}: the harmonic mean {@code 2PR / (P + R)} of {@link #precision precision@k} and
     * {@link #recall recall@k}, and 0 when both are 0.
     *
     * @param relevantRanks 0-based ranks of the user's relevant items, distinct, non-negative, any order
     * @param numRelevant   the number of relevant items of the user, at least 1 and at least
     *                      {@code relevantRanks.length}
     * @param k             the cutoff, at least 1
     * @return a value in {@code [0, 1]}
     * @throws IllegalArgumentException if an input rule is violated
     */
    public static double f1(int[] relevantRanks, int numRelevant, int k) {
        checkK(k);
        return f1Sorted(sortedCopy(relevantRanks, numRelevant), numRelevant, k);
    }

    /**
     * Normalised discounted cumulative gain at {@code k} (NDCG@k; Järvelin &amp; Kekäläinen 2002, "Cumulated
     * gain-based evaluation of IR techniques", ACM TOIS 20(4)) with binary relevance.
     *
     * <p>{@code DCG@k = sum over relevant items with rank r < k of 1 / log2(r + 2)}, and NDCG@k is DCG@k divided by
     * the ideal DCG, the DCG of a ranking that puts {@code min(numRelevant, k)} relevant items in the top positions:
     * {@code IDCG@k = sum for i = 0 .. min(numRelevant, k) - 1 of 1 / log2(i + 2)}. NDCG@k is 1 exactly when the top
     * {@code min(numRelevant, k)} positions all hold relevant items.
     *
     * @param relevantRanks 0-based ranks of the user's relevant items, distinct, non-negative, any order
     * @param numRelevant   the number of relevant items of the user, at least 1 and at least
     *                      {@code relevantRanks.length}
     * @param k             the cutoff, at least 1
     * @return a value in {@code [0, 1]}
     * @throws IllegalArgumentException if an input rule is violated
     */
    public static double ndcg(int[] relevantRanks, int numRelevant, int k) {
        checkK(k);
        return ndcgSorted(sortedCopy(relevantRanks, numRelevant), numRelevant, k);
    }

    /**
     * Average precision at {@code k} (AP@k):
     * {@code AP@k = (1 / min(numRelevant, k)) * sum over relevant items with rank r < k of P@(r + 1)}, where
     * {@code P@(r + 1)} is the precision of the top {@code r + 1} positions, i.e. the number of relevant items with
     * rank {@code <= r} divided by {@code r + 1}. AP@k is 1 exactly when the top {@code min(numRelevant, k)}
     * positions all hold relevant items. Averaged over users it gives MAP@k.
     *
     * @param relevantRanks 0-based ranks of the user's relevant items, distinct, non-negative, any order
     * @param numRelevant   the number of relevant items of the user, at least 1 and at least
     *                      {@code relevantRanks.length}
     * @param k             the cutoff, at least 1
     * @return a value in {@code [0, 1]}
     * @throws IllegalArgumentException if an input rule is violated
     */
    public static double averagePrecision(int[] relevantRanks, int numRelevant, int k) {
        checkK(k);
        return averagePrecisionSorted(sortedCopy(relevantRanks, numRelevant), numRelevant, k);
    }

    /**
     * Reciprocal rank at {@code k}: {@code 1 / (r + 1)} where {@code r} is the best (smallest) rank of a relevant
     * item, if {@code r < k}; otherwise 0. Averaged over users it gives MRR@k.
     *
     * @param relevantRanks 0-based ranks of the user's relevant items, distinct, non-negative, any order
     * @param k             the cutoff, at least 1
     * @return a value in {@code (0, 1]} on a hit, 0 otherwise
     * @throws IllegalArgumentException if an input rule is violated
     */
    public static double reciprocalRank(int[] relevantRanks, int k) {
        checkK(k);
        return reciprocalRankSorted(sortedCopy(relevantRanks), k);
    }

    /**
     * Area under the ROC curve (AUC) of the user's whole ranking: the probability that a relevant item chosen
     * uniformly at random is ranked above a non-relevant candidate chosen uniformly at random.
     *
     * <p>The candidate list has {@code numCandidates} entries, which include the ranked relevant items, so it holds
     * {@code numCandidates - relevantRanks.length} non-relevant candidates. Relevant items that are not ranked
     * ({@code numRelevant > relevantRanks.length}) count as ranked below every candidate, so they contribute no
     * correctly ordered pairs. Hence {@code AUC = (sum over ranked relevant items of the number of non-relevant
     * candidates ranked below it) / (numRelevant * (numCandidates - relevantRanks.length))}. For a single relevant
     * item at rank {@code r} this is {@code (numCandidates - 1 - r) / (numCandidates - 1)}: 1 at the top, 0 at the
     * bottom.
     *
     * @param relevantRanks 0-based ranks of the user's relevant items, distinct, non-negative, each less than
     *                      {@code numCandidates}, any order
     * @param numRelevant   the number of relevant items of the user, at least 1 and at least
     *                      {@code relevantRanks.length}
     * @param numCandidates the length of the ranked candidate list; must exceed {@code relevantRanks.length} so that
     *                      there is at least one non-relevant candidate
     * @return a value in {@code [0, 1]}
     * @throws IllegalArgumentException if an input rule is violated, a rank is {@code >= numCandidates}, or there is
     *                                  no non-relevant candidate
     */
    public static double auc(int[] relevantRanks, int numRelevant, int numCandidates) {
        int[] sorted = sortedCopy(relevantRanks, numRelevant);
        checkCandidates(sorted, numCandidates);
        return aucSorted(sorted, numRelevant, numCandidates);
    }

    static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("The cutoff k must be at least 1, but was " + k + ".");
        }
    }

    /** Validates ranks and numRelevant and returns the ranks sorted ascending, in a new array. */
    static int[] sortedCopy(int[] relevantRanks, int numRelevant) {
        if (numRelevant < 1) {
            throw new IllegalArgumentException("numRelevant must be at least 1, but was " + numRelevant + ".");
        }
        Objects.requireNonNull(relevantRanks, "relevantRanks");
        if (relevantRanks.length > numRelevant) {
            throw new IllegalArgumentException("relevantRanks has " + relevantRanks.length
                    + " entries but numRelevant is " + numRelevant
                    + "; there cannot be more ranked relevant items than relevant items.");
        }
        return sortedCopy(relevantRanks);
    }

    /** Validates ranks (non-negative, distinct) and returns them sorted ascending, in a new array. */
    static int[] sortedCopy(int[] relevantRanks) {
        Objects.requireNonNull(relevantRanks, "relevantRanks");
        int[] sorted = relevantRanks.clone();
        Arrays.sort(sorted);
        if (sorted.length > 0 && sorted[0] < 0) {
            throw new IllegalArgumentException("Ranks must be non-negative, but relevantRanks contains "
                    + sorted[0] + ".");
        }
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("Ranks must be distinct, but rank " + sorted[i]
                        + " appears more than once in relevantRanks.");
            }
        }
        return sorted;
    }

    /** Checks sorted, validated ranks against the length of the candidate list. */
    static void checkCandidates(int[] sorted, int numCandidates) {
        if (sorted.length > 0 && sorted[sorted.length - 1] >= numCandidates) {
            throw new IllegalArgumentException("Rank " + sorted[sorted.length - 1]
                    + " is outside the candidate list of length " + numCandidates + ".");
        }
        if (numCandidates <= sorted.length) {
            throw new IllegalArgumentException("numCandidates is " + numCandidates + " but " + sorted.length
                    + " relevant items are ranked; AUC needs at least one non-relevant candidate.");
        }
    }

    /** The number of sorted ranks that are less than k. */
    static int hits(int[] sorted, int k) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < k) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static double hitRateSorted(int[] sorted, int k) {
        return sorted.length > 0 && sorted[0] < k ? 1.0 : 0.0;
    }

    static double precisionSorted(int[] sorted, int k) {
        return (double) hits(sorted, k) / k;
    }

    static double recallSorted(int[] sorted, int numRelevant, int k) {
        return (double) hits(sorted, k) / numRelevant;
    }

    static double f1Sorted(int[] sorted, int numRelevant, int k) {
        int hits = hits(sorted, k);
        if (hits == 0) {
            return 0.0;
        }
        // 2PR / (P + R) with P = h/k and R = h/n simplifies to 2h / (k + n).
        return 2.0 * hits / ((double) k + numRelevant);
    }

    static double ndcgSorted(int[] sorted, int numRelevant, int k) {
        int hits = hits(sorted, k);
        if (hits == 0) {
            return 0.0;
        }
        double dcg = 0.0;
        for (int i = 0; i < hits; i++) {
            dcg += discount(sorted[i]);
        }
        double value = dcg / idealDcg(Math.min(numRelevant, k));
        return Math.min(1.0, value);
    }

    static double averagePrecisionSorted(int[] sorted, int numRelevant, int k) {
        int hits = hits(sorted, k);
        if (hits == 0) {
            return 0.0;
        }
        double sum = 0.0;
        for (int i = 0; i < hits; i++) {
            sum += (i + 1.0) / (sorted[i] + 1.0);
        }
        return Math.min(1.0, sum / Math.min(numRelevant, k));
    }

    static double reciprocalRankSorted(int[] sorted, int k) {
        return sorted.length > 0 && sorted[0] < k ? 1.0 / (sorted[0] + 1.0) : 0.0;
    }

    static double aucSorted(int[] sorted, int numRelevant, int numCandidates) {
        long negatives = (long) numCandidates - sorted.length;
        long correctPairs = 0;
        for (int i = 0; i < sorted.length; i++) {
            // The item at sorted[i] has i relevant items above it, hence sorted[i] - i non-relevant ones.
            correctPairs += negatives - (sorted[i] - i);
        }
        return (double) correctPairs / ((double) numRelevant * negatives);
    }

    /** The gain 1 / log2(r + 2) of a relevant item at 0-based rank r. */
    static double discount(int r) {
        return r < TABLE_SIZE ? DISCOUNT[r] : computeDiscount(r);
    }

    /** The DCG of n relevant items occupying ranks 0 .. n - 1. */
    static double idealDcg(int n) {
        if (n <= TABLE_SIZE) {
            return IDEAL_DCG[n];
        }
        double sum = IDEAL_DCG[TABLE_SIZE];
        for (int r = TABLE_SIZE; r < n; r++) {
            sum += computeDiscount(r);
        }
        return sum;
    }

    private static double computeDiscount(int r) {
        return Math.log(2.0) / Math.log(r + 2.0);
    }
}
