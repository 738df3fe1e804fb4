package io.shoplens.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricAccumulatorTest {
    private static final double EPS = 1e-12;

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void keysFollowMetricOrderThenCutoffOrderWithAucOnce() {
        MetricAccumulator acc = new MetricAccumulator(
                List.of(Metric.HR, Metric.NDCG, Metric.AUC, Metric.MRR), new int[] {10, 5});
        assertEquals(List.of("HR@10", "HR@5", "NDCG@10", "NDCG@5", "AUC", "MRR@10", "MRR@5"),
                new ArrayList<>(acc.means().keySet()));
    }

    @Test
    void allMetricsGiveAllKeys() {
        MetricAccumulator acc = new MetricAccumulator(Arrays.asList(Metric.values()), new int[] {1, 20});
        assertEquals(List.of("HR@1", "HR@20", "Precision@1", "Precision@20", "Recall@1", "Recall@20", "F1@1",
                "F1@20", "NDCG@1", "NDCG@20", "MAP@1", "MAP@20", "MRR@1", "MRR@20", "AUC"),
                new ArrayList<>(acc.means().keySet()));
    }

    @Test
    void meansAreNaNBeforeAnyUser() {
        MetricAccumulator acc = new MetricAccumulator(List.of(Metric.HR, Metric.AUC), new int[] {5});
        assertEquals(0, acc.users());
        LinkedHashMap<String, Double> means = acc.means();
        assertEquals(2, means.size());
        means.values().forEach(v -> assertTrue(Double.isNaN(v)));
    }

    @Test
    void averagesHandWorkedUsers() {
        MetricAccumulator acc = new MetricAccumulator(
                List.of(Metric.HR, Metric.PRECISION, Metric.RECALL, Metric.NDCG, Metric.MAP, Metric.MRR, Metric.AUC),
                new int[] {3});
        acc.addUser(new int[] {0, 2}, 3, 10);
        acc.addUser(new int[] {5}, 1, 6);
        assertEquals(2, acc.users());
        LinkedHashMap<String, Double> means = acc.means();
        assertEquals(0.5, means.get("HR@3"), EPS);
        assertEquals((2.0 / 3) / 2, means.get("Precision@3"), EPS);
        assertEquals((2.0 / 3) / 2, means.get("Recall@3"), EPS);
        double ndcg = (1 + 1 / log2(4)) / (1 + 1 / log2(3) + 1 / log2(4));
        assertEquals(ndcg / 2, means.get("NDCG@3"), EPS);
        assertEquals((1 + 2.0 / 3) / 3 / 2, means.get("MAP@3"), EPS);
        assertEquals(0.5, means.get("MRR@3"), EPS);
        // User 1: 8 non-relevant candidates, rank 0 beats 8, rank 2 beats 7, the unranked item none -> 15/24.
        // User 2: its single relevant item is last of 6 -> 0.
        assertEquals((15.0 / 24) / 2, means.get("AUC"), EPS);
    }

    @Test
    void candidateCountIsIgnoredWithoutAuc() {
        MetricAccumulator acc = new MetricAccumulator(List.of(Metric.HR), new int[] {1});
        acc.addUser(new int[] {0}, 1, 0);
        assertEquals(1.0, acc.means().get("HR@1"), EPS);
    }

    @Test
    void aucOnlyNeedsNoCutoff() {
        MetricAccumulator acc = new MetricAccumulator(List.of(Metric.AUC), new int[0]);
        acc.addUser(new int[] {1}, 1, 5);
        assertEquals(List.of("AUC"), new ArrayList<>(acc.means().keySet()));
        assertEquals(0.75, acc.means().get("AUC"), EPS);
    }

    @Test
    void invalidUserIsRejectedAndNotCounted() {
        MetricAccumulator acc = new MetricAccumulator(List.of(Metric.HR, Metric.AUC), new int[] {5});
        acc.addUser(new int[] {0}, 1, 5);
        assertThrows(IllegalArgumentException.class, () -> acc.addUser(new int[] {0, 0}, 2, 5));
        assertThrows(IllegalArgumentException.class, () -> acc.addUser(new int[] {-1}, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> acc.addUser(new int[] {0, 1}, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> acc.addUser(new int[] {0}, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> acc.addUser(new int[] {5}, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> acc.addUser(new int[] {0}, 1, 1));
        assertThrows(NullPointerException.class, () -> acc.addUser(null, 1, 5));
        assertEquals(1, acc.users());
        assertEquals(1.0, acc.means().get("HR@5"), EPS);
        assertEquals(1.0, acc.means().get("AUC"), EPS);
    }

    @Test
    void constructorRejectsBadConfiguration() {
        assertMessage("empty", () -> new MetricAccumulator(List.of(), new int[] {5}));
        assertMessage("NDCG", () -> new MetricAccumulator(List.of(Metric.NDCG, Metric.HR, Metric.NDCG), new int[] {5}));
        assertMessage("0", () -> new MetricAccumulator(List.of(Metric.HR), new int[] {5, 0}));
        assertMessage("5", () -> new MetricAccumulator(List.of(Metric.HR), new int[] {5, 10, 5}));
        assertMessage("cutoff", () -> new MetricAccumulator(List.of(Metric.HR, Metric.AUC), new int[0]));
        assertThrows(NullPointerException.class, () -> new MetricAccumulator(null, new int[] {5}));
        assertThrows(NullPointerException.class, () -> new MetricAccumulator(List.of(Metric.HR), null));
        assertThrows(NullPointerException.class, () -> new MetricAccumulator(Arrays.asList(Metric.HR, null), new int[] {5}));
    }

    @Test
    void constructorCopiesItsArguments() {
        List<Metric> metrics = new ArrayList<>(List.of(Metric.HR));
        int[] ks = {5};
        MetricAccumulator acc = new MetricAccumulator(metrics, ks);
        metrics.add(Metric.AUC);
        ks[0] = 1;
        acc.addUser(new int[] {3}, 1, 10);
        assertEquals(List.of("HR@5"), new ArrayList<>(acc.means().keySet()));
        assertEquals(1.0, acc.means().get("HR@5"), EPS);
    }

    @Test
    void mergeAddsTheOtherUsers() {
        List<Metric> metrics = List.of(Metric.RECALL, Metric.AUC);
        MetricAccumulator a = new MetricAccumulator(metrics, new int[] {2});
        MetricAccumulator b = new MetricAccumulator(metrics, new int[] {2});
        a.addUser(new int[] {0}, 2, 4);
        b.addUser(new int[] {3}, 1, 4);
        b.addUser(new int[] {}, 1, 4);
        a.merge(b);
        assertEquals(3, a.users());
        assertEquals(2, b.users());
        assertEquals((0.5 + 0 + 0) / 3, a.means().get("Recall@2"), EPS);
        assertEquals((3.0 / 6 + 0 + 0) / 3, a.means().get("AUC"), EPS);
    }

    @Test
    void mergeWithItselfDoublesTheUsersButKeepsTheMeans() {
        MetricAccumulator a = new MetricAccumulator(List.of(Metric.NDCG), new int[] {3});
        a.addUser(new int[] {1}, 1, 5);
        a.addUser(new int[] {0}, 1, 5);
        LinkedHashMap<String, Double> before = a.means();
        a.merge(a);
        assertEquals(4, a.users());
        assertEquals(before.get("NDCG@3"), a.means().get("NDCG@3"), EPS);
    }

    @Test
    void mergeRejectsDifferentConfiguration() {
        MetricAccumulator a = new MetricAccumulator(List.of(Metric.HR, Metric.NDCG), new int[] {5, 10});
        assertThrows(IllegalArgumentException.class,
                () -> a.merge(new MetricAccumulator(List.of(Metric.HR), new int[] {5, 10})));
        assertThrows(IllegalArgumentException.class,
                () -> a.merge(new MetricAccumulator(List.of(Metric.NDCG, Metric.HR), new int[] {5, 10})));
        assertThrows(IllegalArgumentException.class,
                () -> a.merge(new MetricAccumulator(List.of(Metric.HR, Metric.NDCG), new int[] {10, 5})));
        assertThrows(NullPointerException.class, () -> a.merge(null));
    }

    @Test
    void meansReturnsAFreshMap() {
        MetricAccumulator acc = new MetricAccumulator(List.of(Metric.HR), new int[] {5});
        acc.addUser(new int[] {0}, 1, 5);
        acc.means().put("HR@5", 42.0);
        assertEquals(1.0, acc.means().get("HR@5"), EPS);
    }

    private static void assertMessage(String expectedInMessage, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expectedInMessage),
                () -> "message \"" + e.getMessage() + "\" should mention " + expectedInMessage);
    }
}
