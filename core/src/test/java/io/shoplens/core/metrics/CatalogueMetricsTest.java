package io.shoplens.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CatalogueMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void handWorkedExample() {
        // Sorted popularity 0, 5, 5, 10: percentiles are item0 3/3, item1 0/3, item2 1/3, item3 1/3.
        CatalogueMetrics cm = new CatalogueMetrics(4, new long[] {10, 0, 5, 5});
        cm.addList(new int[] {0, 2});
        cm.addList(new int[] {1, 0});
        assertEquals(2, cm.lists());
        assertEquals(3.0 / 4, cm.itemCoverage(), EPS);
        assertEquals((10 + 5 + 0 + 10) / 4.0, cm.averagePopularity(), EPS);
        assertEquals((1 + 1.0 / 3 + 0 + 1) / 4, cm.popularityBias(), EPS);
        // Counts sorted: 0, 1, 1, 2; sum of |xi - xj| over ordered pairs is 12; G = 12 / (2 * 4 * 4).
        assertEquals(0.375, cm.giniIndex(), EPS);
    }

    @Test
    void emptyCollector() {
        CatalogueMetrics cm = new CatalogueMetrics(3, new long[] {1, 2, 3});
        assertEquals(0, cm.lists());
        assertEquals(0.0, cm.itemCoverage(), 0.0);
        assertTrue(Double.isNaN(cm.averagePopularity()));
        assertTrue(Double.isNaN(cm.popularityBias()));
        assertTrue(Double.isNaN(cm.giniIndex()));
    }

    @Test
    void emptyListsCountButAddNoSlots() {
        CatalogueMetrics cm = new CatalogueMetrics(3, new long[] {1, 2, 3});
        cm.addList(new int[0]);
        assertEquals(1, cm.lists());
        assertTrue(Double.isNaN(cm.averagePopularity()));
        cm.addList(new int[] {2});
        assertEquals(2, cm.lists());
        assertEquals(3.0, cm.averagePopularity(), EPS);
    }

    @Test
    void recommendingEveryItemEquallyIsEvenAndMedianPopular() {
        long[] popularity = {7, 1, 4, 9, 0, 3};
        CatalogueMetrics cm = new CatalogueMetrics(6, popularity);
        cm.addList(new int[] {0, 1, 2});
        cm.addList(new int[] {3, 4, 5});
        cm.addList(new int[] {5, 4, 3, 2, 1, 0});
        assertEquals(1.0, cm.itemCoverage(), EPS);
        assertEquals(0.0, cm.giniIndex(), EPS);
        assertEquals(0.5, cm.popularityBias(), EPS);
        assertEquals(24.0 / 6, cm.averagePopularity(), EPS);
    }

    @Test
    void recommendingOnlyTheMostPopularItemIsMaximallyBiased() {
        CatalogueMetrics cm = new CatalogueMetrics(5, new long[] {3, 50, 3, 8, 0});
        for (int i = 0; i < 10; i++) {
            cm.addList(new int[] {1});
        }
        assertEquals(1.0 / 5, cm.itemCoverage(), EPS);
        assertEquals(1.0, cm.popularityBias(), EPS);
        assertEquals(50.0, cm.averagePopularity(), EPS);
        assertEquals(4.0 / 5, cm.giniIndex(), EPS);
    }

    @Test
    void leastPopularItemsHavePercentileZero() {
        CatalogueMetrics cm = new CatalogueMetrics(4, new long[] {2, 2, 9, 2});
        cm.addList(new int[] {0, 3});
        assertEquals(0.0, cm.popularityBias(), EPS);
        cm.addList(new int[] {2});
        assertEquals(1.0 / 3, cm.popularityBias(), EPS);
    }

    @Test
    void singleItemCatalogue() {
        CatalogueMetrics cm = new CatalogueMetrics(1, new long[] {4});
        cm.addList(new int[] {0});
        assertEquals(1.0, cm.itemCoverage(), EPS);
        assertEquals(4.0, cm.averagePopularity(), EPS);
        assertEquals(0.0, cm.popularityBias(), EPS);
        assertEquals(0.0, cm.giniIndex(), EPS);
    }

    @Test
    void largeCountsDoNotOverflow() {
        long big = 4_000_000_000_000L;
        CatalogueMetrics cm = new CatalogueMetrics(2, new long[] {big, 0});
        for (int i = 0; i < 4; i++) {
            cm.addList(new int[] {0});
        }
        assertEquals(big, cm.averagePopularity(), 1.0);
    }

    @Test
    void mergeEqualsAddingEverythingToOne() {
        long[] popularity = {10, 0, 5, 5};
        CatalogueMetrics all = new CatalogueMetrics(4, popularity);
        CatalogueMetrics a = new CatalogueMetrics(4, popularity);
        CatalogueMetrics b = new CatalogueMetrics(4, popularity);
        int[][] lists = {{0, 2}, {1, 0}, {3}, {0, 1, 2}};
        for (int i = 0; i < lists.length; i++) {
            all.addList(lists[i]);
            (i % 2 == 0 ? a : b).addList(lists[i]);
        }
        a.merge(b);
        assertEquals(all.lists(), a.lists());
        assertEquals(all.itemCoverage(), a.itemCoverage(), 0.0);
        assertEquals(all.averagePopularity(), a.averagePopularity(), 0.0);
        assertEquals(all.popularityBias(), a.popularityBias(), 0.0);
        assertEquals(all.giniIndex(), a.giniIndex(), 0.0);
        assertEquals(2, b.lists());
    }

    @Test
    void mergeRejectsADifferentCatalogue() {
        CatalogueMetrics cm = new CatalogueMetrics(3, new long[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> cm.merge(new CatalogueMetrics(2, new long[] {1, 2})));
        assertThrows(IllegalArgumentException.class, () -> cm.merge(new CatalogueMetrics(3, new long[] {1, 2, 4})));
        assertThrows(NullPointerException.class, () -> cm.merge(null));
    }

    @Test
    void constructorValidatesAndCopies() {
        assertRejected("0", () -> new CatalogueMetrics(0, new long[0]));
        assertRejected("3", () -> new CatalogueMetrics(3, new long[] {1, 2}));
        assertRejected("-4", () -> new CatalogueMetrics(2, new long[] {1, -4}));
        assertThrows(NullPointerException.class, () -> new CatalogueMetrics(2, null));
        long[] popularity = {1, 2};
        CatalogueMetrics cm = new CatalogueMetrics(2, popularity);
        popularity[0] = 100;
        cm.addList(new int[] {0});
        assertEquals(1.0, cm.averagePopularity(), EPS);
    }

    @Test
    void addListValidatesWithoutRecording() {
        CatalogueMetrics cm = new CatalogueMetrics(3, new long[] {1, 2, 3});
        assertRejected("3", () -> cm.addList(new int[] {0, 3}));
        assertRejected("-1", () -> cm.addList(new int[] {-1}));
        assertRejected("2", () -> cm.addList(new int[] {2, 0, 2}));
        assertThrows(NullPointerException.class, () -> cm.addList(null));
        assertEquals(0, cm.lists());
        assertEquals(0.0, cm.itemCoverage(), 0.0);
        int[] list = {2, 0};
        cm.addList(list);
        assertArrayEquals(new int[] {2, 0}, list);
    }

    private static void assertRejected(String expectedInMessage, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expectedInMessage),
                () -> "message \"" + e.getMessage() + "\" should mention " + expectedInMessage);
    }
}
