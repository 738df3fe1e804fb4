package io.shoplens.core.metrics;

import static io.shoplens.core.metrics.RankingCases.log2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.metrics.RankingCases.UserCase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RankingMetricsPropertiesTest {
    private static final double EPS = 1e-12;

    @Provide
    Arbitrary<UserCase> users() {
        return RankingCases.users();
    }

    @Provide
    Arbitrary<Integer> cutoffs() {
        return RankingCases.cutoffs();
    }

    private static double[] all(UserCase c, int k) {
        int[] r = c.ranks();
        int n = c.numRelevant();
        return new double[] {
            RankingMetrics.hitRate(r, k),
            RankingMetrics.precision(r, k),
            RankingMetrics.recall(r, n, k),
            RankingMetrics.f1(r, n, k),
            RankingMetrics.ndcg(r, n, k),
            RankingMetrics.averagePrecision(r, n, k),
            RankingMetrics.reciprocalRank(r, k),
            RankingMetrics.auc(r, n, c.numCandidates()),
        };
    }

    @Property(tries = 300)
    void everyMetricLiesInTheUnitInterval(@ForAll("users") UserCase c, @ForAll("cutoffs") int k) {
        for (double v : all(c, k)) {
            assertTrue(v >= 0.0 && v <= 1.0, () -> "value " + v + " outside [0, 1]");
        }
    }

    @Property(tries = 300)
    void hitRateAndRecallAreMonotoneInK(@ForAll("users") UserCase c, @ForAll("cutoffs") int k) {
        int[] r = c.ranks();
        int n = c.numRelevant();
        assertTrue(RankingMetrics.hitRate(r, k) <= RankingMetrics.hitRate(r, k + 1));
        assertTrue(RankingMetrics.recall(r, n, k) <= RankingMetrics.recall(r, n, k + 1));
        assertTrue(RankingMetrics.precision(r, k) * k <= RankingMetrics.precision(r, k + 1) * (k + 1) + EPS);
    }

    @Property(tries = 300)
    void ndcgAndAveragePrecisionMatchTheirDefinitions(@ForAll("users") UserCase c, @ForAll("cutoffs") int k) {
        int[] r = c.ranks();
        int n = c.numRelevant();
        assertEquals(RankingCases.bruteNdcg(r, n, k), RankingMetrics.ndcg(r, n, k), 1e-9);
        assertEquals(RankingCases.bruteAveragePrecision(r, n, k), RankingMetrics.averagePrecision(r, n, k), 1e-9);
    }

    @Property(tries = 300)
    void aucMatchesPairCounting(@ForAll("users") UserCase c) {
        assertEquals(RankingCases.bruteAuc(c.ranks(), c.numRelevant(), c.numCandidates()),
                RankingMetrics.auc(c.ranks(), c.numRelevant(), c.numCandidates()), 1e-12);
    }

    @Property(tries = 300)
    void f1IsTheHarmonicMeanOfPrecisionAndRecall(@ForAll("users") UserCase c, @ForAll("cutoffs") int k) {
        double p = RankingMetrics.precision(c.ranks(), k);
        double rec = RankingMetrics.recall(c.ranks(), c.numRelevant(), k);
        double expected = p + rec == 0 ? 0 : 2 * p * rec / (p + rec);
        assertEquals(expected, RankingMetrics.f1(c.ranks(), c.numRelevant(), k), EPS);
    }

    @Property(tries = 300)
    void hitRateIsOneExactlyWhenReciprocalRankIsPositive(@ForAll("users") UserCase c, @ForAll("cutoffs") int k) {
        assertEquals(RankingMetrics.hitRate(c.ranks(), k) == 1.0, RankingMetrics.reciprocalRank(c.ranks(), k) > 0);
        assertEquals(RankingMetrics.hitRate(c.ranks(), k) == 1.0, RankingMetrics.ndcg(c.ranks(), c.numRelevant(), k) > 0);
    }

    @Property(tries = 300)
    void relevantItemsAtTheTopGiveNdcgAndApOfOne(
            @ForAll @IntRange(min = 1, max = 40) int numRelevant,
            @ForAll @IntRange(min = 1, max = 40) int k,
            @ForAll @IntRange(min = 0, max = 40) int extra,
            @ForAll long seed) {
        int top = Math.min(numRelevant, k);
        List<Integer> ranks = new ArrayList<>();
        IntStream.range(0, top).forEach(ranks::add);
        // Any remaining relevant items go below the cutoff, anywhere.
        Random random = new Random(seed);
        int more = Math.min(extra, numRelevant - top);
        while (more > 0) {
            int r = top + random.nextInt(100);
            if (!ranks.contains(r)) {
                ranks.add(r);
                more--;
            }
        }
        Collections.shuffle(ranks, random);
        int[] r = RankingCases.toArray(ranks);
        assertEquals(1.0, RankingMetrics.ndcg(r, numRelevant, k), EPS);
        assertEquals(1.0, RankingMetrics.averagePrecision(r, numRelevant, k), EPS);
        assertEquals(1.0, RankingMetrics.reciprocalRank(r, k), EPS);
        assertEquals(1.0, RankingMetrics.hitRate(r, k), EPS);
    }

    @Property(tries = 300)
    void movingARelevantItemUpNeverHurts(@ForAll("users") UserCase c, @ForAll("cutoffs") int k, @ForAll long seed) {
        int[] before = c.ranks();
        Assume.that(before.length > 0);
        Random random = new Random(seed);
        int index = random.nextInt(before.length);
        int oldRank = before[index];
        Assume.that(oldRank > 0);
        int newRank = random.nextInt(oldRank);
        Assume.that(Arrays.stream(before).noneMatch(r -> r == newRank));
        int[] after = before.clone();
        after[index] = newRank;
        int n = c.numRelevant();
        int cands = c.numCandidates();
        assertTrue(RankingMetrics.ndcg(after, n, k) >= RankingMetrics.ndcg(before, n, k) - EPS);
        assertTrue(RankingMetrics.reciprocalRank(after, k) >= RankingMetrics.reciprocalRank(before, k));
        assertTrue(RankingMetrics.auc(after, n, cands) > RankingMetrics.auc(before, n, cands));
        assertTrue(RankingMetrics.averagePrecision(after, n, k)
                >= RankingMetrics.averagePrecision(before, n, k) - EPS);
        assertTrue(RankingMetrics.hitRate(after, k) >= RankingMetrics.hitRate(before, k));
        assertTrue(RankingMetrics.recall(after, n, k) >= RankingMetrics.recall(before, n, k));
    }

    @Property(tries = 300)
    void singleRelevantItem(
            @ForAll @IntRange(min = 2, max = 500) int numCandidates,
            @ForAll @IntRange(min = 0, max = 499) int rank,
            @ForAll("cutoffs") int k) {
        Assume.that(rank < numCandidates);
        int[] r = {rank};
        assertEquals(RankingMetrics.hitRate(r, k), RankingMetrics.recall(r, 1, k), 0.0);
        double expectedNdcg = rank < k ? 1 / log2(rank + 2) : 0.0;
        assertEquals(expectedNdcg, RankingMetrics.ndcg(r, 1, k), EPS);
        double expectedRr = rank < k ? 1.0 / (rank + 1) : 0.0;
        assertEquals(expectedRr, RankingMetrics.reciprocalRank(r, k), EPS);
        assertEquals(expectedRr, RankingMetrics.averagePrecision(r, 1, k), EPS);
        assertEquals((numCandidates - 1.0 - rank) / (numCandidates - 1), RankingMetrics.auc(r, 1, numCandidates), EPS);
    }

    @Property(tries = 300)
    void aucIsOneAtTheTopAndZeroAtTheBottom(@ForAll @IntRange(min = 2, max = 100_000) int numCandidates) {
        assertEquals(1.0, RankingMetrics.auc(new int[] {0}, 1, numCandidates), 0.0);
        assertEquals(0.0, RankingMetrics.auc(new int[] {numCandidates - 1}, 1, numCandidates), 0.0);
    }

    @Property(tries = 300)
    void orderOfRanksDoesNotMatterAndInputIsUntouched(
            @ForAll("users") UserCase c, @ForAll("cutoffs") int k, @ForAll long seed) {
        int[] original = c.ranks().clone();
        List<Integer> shuffled = new ArrayList<>();
        for (int r : original) {
            shuffled.add(r);
        }
        Collections.shuffle(shuffled, new Random(seed));
        UserCase other = new UserCase(RankingCases.toArray(shuffled), c.numRelevant(), c.numCandidates());
        assertArrayEquals(all(c, k), all(other, k), EPS);
        assertArrayEquals(original, c.ranks());
    }

    @Property(tries = 300)
    void invalidInputIsRejected(@ForAll("users") UserCase c, @ForAll @IntRange(min = -5, max = 0) int badK) {
        int[] r = c.ranks();
        int n = c.numRelevant();
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.ndcg(r, n, badK));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.hitRate(r, badK));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.recall(r, badK, 5));
        assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.auc(r, n, Math.min(c.numCandidates(), r.length)));
        if (r.length > 0) {
            int[] duplicated = Arrays.copyOf(r, r.length + 1);
            duplicated[r.length] = r[0];
            assertThrows(IllegalArgumentException.class, () -> RankingMetrics.precision(duplicated, 5));
            assertThrows(IllegalArgumentException.class, () -> RankingMetrics.recall(r, r.length - 1 + badK, 5));
            int[] negative = r.clone();
            negative[0] = -1 - r[0];
            assertThrows(IllegalArgumentException.class, () -> RankingMetrics.reciprocalRank(negative, 5));
            int[] outside = r.clone();
            outside[0] = c.numCandidates() + r[0];
            assertThrows(IllegalArgumentException.class, () -> RankingMetrics.auc(outside, n, c.numCandidates()));
        }
    }
}
