package io.shoplens.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RankingMetricsTest {
    private static final double EPS = 1e-12;

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void twoOfThreeRelevantInTopThree() {
        int[] ranks = {0, 2};
        assertEquals(1.0, RankingMetrics.hitRate(ranks, 3), EPS);
        assertEquals(2.0 / 3, RankingMetrics.precision(ranks, 3), EPS);
        assertEquals(2.0 / 3, RankingMetrics.recall(ranks, 3, 3), EPS);
        assertEquals(2.0 / 3, RankingMetrics.f1(ranks, 3, 3), EPS);
        double ndcg = (1 + 1 / log2(4)) / (1 + 1 / log2(3) + 1 / log2(4));
        assertEquals(ndcg, RankingMetrics.ndcg(ranks, 3, 3), EPS);
        assertEquals((1 + 2.0 / 3) / 3, RankingMetrics.averagePrecision(ranks, 3, 3), EPS);
        assertEquals(1.0, RankingMetrics.reciprocalRank(ranks, 3), EPS);
    }

    @Test
    void unsortedRanksWithEveryRelevantItemRanked() {
        int[] ranks = {4, 1};
        assertEquals(1.0, RankingMetrics.hitRate(ranks, 5), EPS);
        assertEquals(2.0 / 5, RankingMetrics.precision(ranks, 5), EPS);
        assertEquals(1.0, RankingMetrics.recall(ranks, 2, 5), EPS);
        assertEquals(2 * 0.4 * 1.0 / 1.4, RankingMetrics.f1(ranks, 2, 5), EPS);
        assertEquals((1 / log2(3) + 1 / log2(6)) / (1 + 1 / log2(3)), RankingMetrics.ndcg(ranks, 2, 5), EPS);
        assertEquals((1.0 / 2 + 2.0 / 5) / 2, RankingMetrics.averagePrecision(ranks, 2, 5), EPS);
        assertEquals(0.5, RankingMetrics.reciprocalRank(ranks, 5), EPS);
        // Non-relevant candidates are 0, 2, 3, 5..9: rank 1 beats 7 of them, rank 4 beats 5.
        assertEquals(12.0 / 16, RankingMetrics.auc(ranks, 2, 10), EPS);
    }

    @Test
    void cutoffExcludesRanksAtOrBeyondK() {
        int[] ranks = {4, 1};
        assertEquals(0.0, RankingMetrics.hitRate(ranks, 1), EPS);
        assertEquals(1.0, RankingMetrics.hitRate(ranks, 2), EPS);
        assertEquals(1.0 / 4, RankingMetrics.precision(ranks, 4), EPS);
        assertEquals(1.0 / 2, RankingMetrics.recall(ranks, 2, 4), EPS);
        assertEquals((1 / log2(3)) / (1 + 1 / log2(3)), RankingMetrics.ndcg(ranks, 2, 4), EPS);
        assertEquals((1.0 / 2) / 2, RankingMetrics.averagePrecision(ranks, 2, 4), EPS);
        assertEquals(0.0, RankingMetrics.reciprocalRank(ranks, 1), EPS);
        assertEquals(0.0, RankingMetrics.ndcg(ranks, 2, 1), EPS);
        assertEquals(0.0, RankingMetrics.averagePrecision(ranks, 2, 1), EPS);
        assertEquals(0.0, RankingMetrics.f1(ranks, 2, 1), EPS);
    }

    @Test
    void unrankedRelevantItemsCountAsMisses() {
        int[] ranks = {0};
        assertEquals(1.0, RankingMetrics.hitRate(ranks, 1), EPS);
        assertEquals(0.5, RankingMetrics.recall(ranks, 2, 10), EPS);
        assertEquals(1.0, RankingMetrics.ndcg(ranks, 2, 1), EPS);
        assertEquals(1 / (1 + 1 / log2(3)), RankingMetrics.ndcg(ranks, 2, 3), EPS);
        assertEquals(0.5, RankingMetrics.averagePrecision(ranks, 2, 3), EPS);
        assertEquals(1.0, RankingMetrics.averagePrecision(ranks, 2, 1), EPS);
        // The ranked item beats all 4 non-relevant candidates, the unranked one beats none.
        assertEquals(4.0 / 8, RankingMetrics.auc(ranks, 2, 5), EPS);
    }

    @Test
    void noRankedRelevantItemGivesZeroEverywhere() {
        int[] none = {};
        assertEquals(0.0, RankingMetrics.hitRate(none, 10), EPS);
        assertEquals(0.0, RankingMetrics.precision(none, 10), EPS);
        assertEquals(0.0, RankingMetrics.recall(none, 3, 10), EPS);
        assertEquals(0.0, RankingMetrics.f1(none, 3, 10), EPS);
        assertEquals(0.0, RankingMetrics.ndcg(none, 3, 10), EPS);
        assertEquals(0.0, RankingMetrics.averagePrecision(none, 3, 10), EPS);
        assertEquals(0.0, RankingMetrics.reciprocalRank(none, 10), EPS);
        assertEquals(0.0, RankingMetrics.auc(none, 3, 5), EPS);
    }

    @Test
    void precisionCannotReachOneWithFewerRelevantThanK() {
        assertEquals(0.1, RankingMetrics.precision(new int[] {0}, 10), EPS);
        assertEquals(1.0, RankingMetrics.ndcg(new int[] {0}, 1, 10), EPS);
        assertEquals(1.0, RankingMetrics.averagePrecision(new int[] {0}, 1, 10), EPS);
    }

    @Test
    void reciprocalRankUsesBestRank() {
        assertEquals(0.25, RankingMetrics.reciprocalRank(new int[] {7, 3, 9}, 4), EPS);
        assertEquals(0.0, RankingMetrics.reciprocalRank(new int[] {7, 3, 9}, 3), EPS);
    }

    @Test
    void aucOfSingleRelevantItem() {
        assertEquals(1.0, RankingMetrics.auc(new int[] {0}, 1, 5), EPS);
        assertEquals(3.0 / 4, RankingMetrics.auc(new int[] {1}, 1, 5), EPS);
        assertEquals(0.0, RankingMetrics.auc(new int[] {4}, 1, 5), EPS);
        assertEquals(1.0, RankingMetrics.auc(new int[] {0}, 1, 2), EPS);
        assertEquals(0.0, RankingMetrics.auc(new int[] {1}, 1, 2), EPS);
    }

    @Test
    void aucOfAllRelevantItemsAtTopOrBottom() {
        assertEquals(1.0, RankingMetrics.auc(new int[] {2, 0, 1}, 3, 7), EPS);
        assertEquals(0.0, RankingMetrics.auc(new int[] {6, 4, 5}, 3, 7), EPS);
    }

    @Test
    void ndcgAtLargeCutoffUsesDiscountsBeyondTheTable() {
        int[] ranks = {0, 2000};
        double expected = (1 + 1 / log2(2002)) / (1 + 1 / log2(3));
        assertEquals(expected, RankingMetrics.ndcg(ranks, 2, 5000), 1e-12);
        int[] top = new int[1500];
        for (int i = 0; i < top.length; i++) {
            top[i] = i;
        }
        assertEquals(1.0, RankingMetrics.ndcg(top, 1500, 2000), 0.0);
        assertEquals(1.0, RankingMetrics.averagePrecision(top, 1500, 2000), 0.0);
    }

    @Test
    void callerArrayIsNotModified() {
        int[] ranks = {9, 3, 0, 5};
        int[] copy = ranks.clone();
        RankingMetrics.hitRate(ranks, 4);
        RankingMetrics.precision(ranks, 4);
        RankingMetrics.recall(ranks, 4, 4);
        RankingMetrics.f1(ranks, 4, 4);
        RankingMetrics.ndcg(ranks, 4, 4);
        RankingMetrics.averagePrecision(ranks, 4, 4);
        RankingMetrics.reciprocalRank(ranks, 4);
        RankingMetrics.auc(ranks, 4, 12);
        assertArrayEquals(copy, ranks);
    }

    @Test
    void rejectsCutoffBelowOne() {
        int[] ranks = {0};
        assertRejected("0", () -> RankingMetrics.hitRate(ranks, 0));
        assertRejected("-3", () -> RankingMetrics.precision(ranks, -3));
        assertRejected("0", () -> RankingMetrics.recall(ranks, 1, 0));
        assertRejected("0", () -> RankingMetrics.f1(ranks, 1, 0));
        assertRejected("0", () -> RankingMetrics.ndcg(ranks, 1, 0));
        assertRejected("0", () -> RankingMetrics.averagePrecision(ranks, 1, 0));
        assertRejected("0", () -> RankingMetrics.reciprocalRank(ranks, 0));
    }

    @Test
    void rejectsNumRelevantBelowOne() {
        int[] none = {};
        assertRejected("numRelevant", () -> RankingMetrics.recall(none, 0, 5));
        assertRejected("-1", () -> RankingMetrics.f1(none, -1, 5));
        assertRejected("numRelevant", () -> RankingMetrics.ndcg(none, 0, 5));
        assertRejected("numRelevant", () -> RankingMetrics.averagePrecision(none, 0, 5));
        assertRejected("numRelevant", () -> RankingMetrics.auc(none, 0, 5));
    }

    @Test
    void rejectsNegativeRanks() {
        int[] ranks = {3, -2};
        assertRejected("-2", () -> RankingMetrics.hitRate(ranks, 5));
        assertRejected("-2", () -> RankingMetrics.precision(ranks, 5));
        assertRejected("-2", () -> RankingMetrics.recall(ranks, 2, 5));
        assertRejected("-2", () -> RankingMetrics.ndcg(ranks, 2, 5));
        assertRejected("-2", () -> RankingMetrics.reciprocalRank(ranks, 5));
        assertRejected("-2", () -> RankingMetrics.auc(ranks, 2, 5));
    }

    @Test
    void rejectsDuplicateRanks() {
        int[] ranks = {4, 1, 4};
        assertRejected("4", () -> RankingMetrics.hitRate(ranks, 5));
        assertRejected("4", () -> RankingMetrics.recall(ranks, 3, 5));
        assertRejected("4", () -> RankingMetrics.averagePrecision(ranks, 3, 5));
        assertRejected("4", () -> RankingMetrics.auc(ranks, 3, 9));
    }

    @Test
    void rejectsMoreRanksThanRelevantItems() {
        int[] ranks = {0, 1, 2};
        assertRejected("numRelevant is 2", () -> RankingMetrics.recall(ranks, 2, 5));
        assertRejected("numRelevant is 2", () -> RankingMetrics.f1(ranks, 2, 5));
        assertRejected("numRelevant is 2", () -> RankingMetrics.ndcg(ranks, 2, 5));
        assertRejected("numRelevant is 2", () -> RankingMetrics.averagePrecision(ranks, 2, 5));
        assertRejected("numRelevant is 2", () -> RankingMetrics.auc(ranks, 2, 5));
    }

    @Test
    void aucRejectsRanksOutsideTheCandidateList() {
        assertRejected("5", () -> RankingMetrics.auc(new int[] {0, 5}, 2, 5));
        assertRejected("7", () -> RankingMetrics.auc(new int[] {0, 1, 7}, 3, 3));
    }

    @Test
    void aucRejectsCandidateListWithoutNonRelevantItems() {
        assertRejected("numCandidates is 2", () -> RankingMetrics.auc(new int[] {1, 0}, 3, 2));
        assertRejected("numCandidates is 0", () -> RankingMetrics.auc(new int[] {}, 1, 0));
    }

    @Test
    void rejectsNullRanks() {
        assertThrows(NullPointerException.class, () -> RankingMetrics.hitRate(null, 5));
        assertThrows(NullPointerException.class, () -> RankingMetrics.ndcg(null, 1, 5));
        assertThrows(NullPointerException.class, () -> RankingMetrics.auc(null, 1, 5));
    }

    private static void assertRejected(String expectedInMessage, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expectedInMessage),
                () -> "message \"" + e.getMessage() + "\" should mention " + expectedInMessage);
        assertTrue(e.getMessage().endsWith("."), () -> "message \"" + e.getMessage() + "\" should be a sentence");
    }
}
