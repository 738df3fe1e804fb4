package io.shoplens.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 95% intervals of the per-user means and of the catalogue metrics. */
class IntervalsTest {
    @Test
    void perUserMeansGetTheNormalHalfWidth() {
        MetricAccumulator acc = new MetricAccumulator(List.of(Metric.HR), new int[] {1});
        acc.addUser(new int[] {0}, 1, 10);
        acc.addUser(new int[] {5}, 1, 10);
        acc.addUser(new int[] {0}, 1, 10);
        acc.addUser(new int[] {5}, 1, 10);
        double sd = Math.sqrt((4 * 0.25) / 3);
        assertEquals(0.5, acc.means().get("HR@1"), 1e-12);
        assertEquals(MetricAccumulator.Z95 * sd / 2, acc.halfWidths().get("HR@1"), 1e-12);
        MetricAccumulator merged = new MetricAccumulator(List.of(Metric.HR), new int[] {1});
        MetricAccumulator half = new MetricAccumulator(List.of(Metric.HR), new int[] {1});
        half.addUser(new int[] {0}, 1, 10);
        half.addUser(new int[] {5}, 1, 10);
        merged.merge(half);
        merged.merge(half);
        assertEquals(acc.halfWidths().get("HR@1"), merged.halfWidths().get("HR@1"), 1e-12);
        MetricAccumulator one = new MetricAccumulator(List.of(Metric.HR), new int[] {1});
        one.addUser(new int[] {0}, 1, 10);
        assertTrue(Double.isNaN(one.halfWidths().get("HR@1")));
    }

    @Test
    void identicalListsHaveNoBootstrapSpreadAndMixedOnesSome() {
        CatalogueMetrics same = new CatalogueMetrics(5, new long[] {1, 2, 3, 4, 5});
        for (int u = 0; u < 20; u++) {
            same.addList(new int[] {0, 1});
        }
        Map<String, Double> zero = same.halfWidths(50, 1);
        zero.values().forEach(v -> assertEquals(0.0, v, 1e-12));
        CatalogueMetrics mixed = new CatalogueMetrics(5, new long[] {1, 2, 3, 4, 5});
        for (int u = 0; u < 20; u++) {
            mixed.addList(new int[] {u % 5, (u + 1) % 5});
        }
        mixed.addList(new int[] {4});
        Map<String, Double> spread = mixed.halfWidths(200, 1);
        assertTrue(spread.get("ARP") > 0);
        assertTrue(spread.get("Gini") > 0);
        assertEquals(spread, mixed.halfWidths(200, 1), "seeded");
    }

    @Test
    void theGiniOfNonZeroCountsMatchesTheDefinition() {
        CatalogueMetrics m = new CatalogueMetrics(6, new long[6]);
        m.addList(new int[] {0, 1});
        m.addList(new int[] {0});
        m.addList(new int[] {0, 2});
        long[] x = {0, 0, 0, 1, 1, 3};
        double weighted = 0;
        for (int i = 0; i < 6; i++) {
            weighted += (2.0 * i - 6 + 1) * x[i];
        }
        assertEquals(weighted / (6.0 * 5), m.giniIndex(), 1e-12);
    }
}
