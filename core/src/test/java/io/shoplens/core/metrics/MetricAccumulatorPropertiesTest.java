package io.shoplens.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.metrics.RankingCases.UserCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class MetricAccumulatorPropertiesTest {
    private static final double EPS = 1e-12;

    @Provide
    Arbitrary<List<UserCase>> userLists() {
        return RankingCases.users().list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Metric>> metricLists() {
        return Arbitraries.of(Metric.class).list().uniqueElements().ofMinSize(1).ofMaxSize(Metric.values().length);
    }

    @Provide
    Arbitrary<int[]> cutoffSets() {
        return RankingCases.cutoffs().list().uniqueElements().ofMinSize(1).ofMaxSize(4).map(RankingCases::toArray);
    }

    private static double value(Metric m, UserCase c, int k) {
        int[] r = c.ranks();
        int n = c.numRelevant();
        return switch (m) {
            case HR -> RankingMetrics.hitRate(r, k);
            case PRECISION -> RankingMetrics.precision(r, k);
            case RECALL -> RankingMetrics.recall(r, n, k);
            case F1 -> RankingMetrics.f1(r, n, k);
            case NDCG -> RankingMetrics.ndcg(r, n, k);
            case MAP -> RankingMetrics.averagePrecision(r, n, k);
            case MRR -> RankingMetrics.reciprocalRank(r, k);
            case AUC -> RankingMetrics.auc(r, n, c.numCandidates());
        };
    }

    private static MetricAccumulator fill(List<Metric> metrics, int[] ks, List<UserCase> users) {
        MetricAccumulator acc = new MetricAccumulator(metrics, ks);
        for (UserCase c : users) {
            acc.addUser(c.ranks(), c.numRelevant(), c.numCandidates());
        }
        return acc;
    }

    @Property(tries = 100)
    void meansAreArithmeticMeansOfPerUserValues(
            @ForAll("metricLists") List<Metric> metrics,
            @ForAll("cutoffSets") int[] ks,
            @ForAll("userLists") List<UserCase> users) {
        MetricAccumulator acc = fill(metrics, ks, users);
        assertEquals(users.size(), acc.users());

        LinkedHashMap<String, Double> expected = new LinkedHashMap<>();
        for (Metric m : metrics) {
            for (int k : m.cutoff() ? ks : new int[] {0}) {
                double sum = 0;
                for (UserCase c : users) {
                    sum += value(m, c, k);
                }
                expected.put(Metric.key(m, k), users.isEmpty() ? Double.NaN : sum / users.size());
            }
        }
        LinkedHashMap<String, Double> actual = acc.means();
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()));
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            double got = actual.get(e.getKey());
            if (users.isEmpty()) {
                assertTrue(Double.isNaN(got));
            } else {
                assertEquals(e.getValue(), got, EPS, e.getKey());
                assertTrue(got >= 0 && got <= 1);
            }
        }
    }

    @Property(tries = 100)
    void mergeEqualsSequentialAdding(
            @ForAll("metricLists") List<Metric> metrics,
            @ForAll("cutoffSets") int[] ks,
            @ForAll("userLists") List<UserCase> users,
            @ForAll @IntRange(min = 0, max = 40) int splitAt) {
        int split = Math.min(splitAt, users.size());
        MetricAccumulator sequential = fill(metrics, ks, users);
        MetricAccumulator left = fill(metrics, ks, users.subList(0, split));
        MetricAccumulator right = fill(metrics, ks, users.subList(split, users.size()));
        left.merge(right);
        assertEquals(sequential.users(), left.users());
        LinkedHashMap<String, Double> expected = sequential.means();
        LinkedHashMap<String, Double> actual = left.means();
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()));
        for (String key : expected.keySet()) {
            if (users.isEmpty()) {
                assertTrue(Double.isNaN(actual.get(key)));
            } else {
                assertEquals(expected.get(key), actual.get(key), EPS, key);
            }
        }
    }

    @Property(tries = 100)
    void invalidUsersAreRejectedWithoutChangingTheMeans(
            @ForAll("userLists") List<UserCase> users, @ForAll @IntRange(min = -3, max = 0) int badNumRelevant) {
        List<Metric> all = List.of(Metric.values());
        int[] ks = {1, 5, 20};
        MetricAccumulator acc = fill(all, ks, users);
        LinkedHashMap<String, Double> before = acc.means();
        assertThrows(IllegalArgumentException.class, () -> acc.addUser(new int[] {0}, badNumRelevant, 10));
        assertThrows(IllegalArgumentException.class, () -> acc.addUser(new int[] {2, 2}, 2, 10));
        assertThrows(IllegalArgumentException.class, () -> acc.addUser(new int[] {0, 9}, 2, 9));
        assertEquals(users.size(), acc.users());
        assertEquals(before.toString(), acc.means().toString());
    }
}
