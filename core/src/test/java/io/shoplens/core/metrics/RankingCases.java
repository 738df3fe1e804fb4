package io.shoplens.core.metrics;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Generators and brute-force reference implementations shared by the metric property tests. */
final class RankingCases {

    /** One user's evaluation input: ranks of relevant items (unsorted), number of relevant items, list length. */
    record UserCase(int[] ranks, int numRelevant, int numCandidates) {
        @Override
        public String toString() {
            return "UserCase[ranks=" + Arrays.toString(ranks) + ", numRelevant=" + numRelevant
                    + ", numCandidates=" + numCandidates + "]";
        }
    }

    private RankingCases() {
    }

    /**
     * Valid users: 2..60 candidates, 1..20 relevant items of which up to all (but always leaving at least one
     * non-relevant candidate) are ranked, in random order.
     */
    static Arbitrary<UserCase> users() {
        return Arbitraries.integers().between(2, 60).flatMap(numCandidates ->
                Arbitraries.integers().between(1, 20).flatMap(numRelevant ->
                        Arbitraries.integers().between(0, numCandidates - 1)
                                .list().uniqueElements()
                                .ofMaxSize(Math.min(numRelevant, numCandidates - 1))
                                .map(ranks -> new UserCase(toArray(ranks), numRelevant, numCandidates))));
    }

    /** Cutoffs, including ones larger than any generated candidate list. */
    static Arbitrary<Integer> cutoffs() {
        return Arbitraries.integers().between(1, 70);
    }

    static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Relevance labels of the candidate list, position by position. */
    static boolean[] labels(int[] ranks, int length) {
        boolean[] relevant = new boolean[length];
        for (int r : ranks) {
            relevant[r] = true;
        }
        return relevant;
    }

    /** NDCG@k straight from the definition, walking the list position by position. */
    static double bruteNdcg(int[] ranks, int numRelevant, int k) {
        int length = Math.max(k, Arrays.stream(ranks).max().orElse(0) + 1);
        boolean[] relevant = labels(ranks, length);
        double dcg = 0;
        for (int pos = 0; pos < k; pos++) {
            if (relevant[pos]) {
                dcg += 1 / log2(pos + 2);
            }
        }
        double idcg = 0;
        for (int pos = 0; pos < Math.min(numRelevant, k); pos++) {
            idcg += 1 / log2(pos + 2);
        }
        return dcg / idcg;
    }

    /** AP@k straight from the definition, walking the list position by position. */
    static double bruteAveragePrecision(int[] ranks, int numRelevant, int k) {
        int length = Math.max(k, Arrays.stream(ranks).max().orElse(0) + 1);
        boolean[] relevant = labels(ranks, length);
        double sum = 0;
        int seen = 0;
        for (int pos = 0; pos < k; pos++) {
            if (relevant[pos]) {
                seen++;
                sum += (double) seen / (pos + 1);
            }
        }
        return sum / Math.min(numRelevant, k);
    }

    /** AUC by counting every (relevant, non-relevant) pair; unranked relevant items lose every pair. */
    static double bruteAuc(int[] ranks, int numRelevant, int numCandidates) {
        boolean[] relevant = labels(ranks, numCandidates);
        long correct = 0;
        long pairs = 0;
        for (int a = 0; a < numCandidates; a++) {
            if (!relevant[a]) {
                continue;
            }
            for (int b = 0; b < numCandidates; b++) {
                if (!relevant[b]) {
                    pairs++;
                    if (a < b) {
                        correct++;
                    }
                }
            }
        }
        int negatives = numCandidates - ranks.length;
        pairs += (long) (numRelevant - ranks.length) * negatives;
        return (double) correct / pairs;
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
