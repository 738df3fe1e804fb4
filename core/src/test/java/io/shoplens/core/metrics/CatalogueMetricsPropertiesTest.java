package io.shoplens.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class CatalogueMetricsPropertiesTest {
    private static final double EPS = 1e-9;

    /** A catalogue with its popularity counts and a batch of recommendation lists over it. */
    record Scenario(long[] popularity, List<int[]> lists) {
        @Override
        public String toString() {
            List<String> shown = new ArrayList<>();
            lists.forEach(l -> shown.add(Arrays.toString(l)));
            return "Scenario[popularity=" + Arrays.toString(popularity) + ", lists=" + shown + "]";
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.integers().between(1, 30).flatMap(numItems -> {
            Arbitrary<long[]> popularity = Arbitraries.longs().between(0, 20).array(long[].class).ofSize(numItems);
            Arbitrary<int[]> list = Arbitraries.integers().between(0, numItems - 1)
                    .list().uniqueElements().ofMaxSize(Math.min(numItems, 10)).map(RankingCases::toArray);
            return Combinators.combine(popularity, list.list().ofMaxSize(30)).as(Scenario::new);
        });
    }

    private static CatalogueMetrics fill(long[] popularity, List<int[]> lists) {
        CatalogueMetrics cm = new CatalogueMetrics(popularity.length, popularity);
        lists.forEach(cm::addList);
        return cm;
    }

    private static long[] recommendationCounts(int numItems, List<int[]> lists) {
        long[] counts = new long[numItems];
        for (int[] l : lists) {
            for (int item : l) {
                counts[item]++;
            }
        }
        return counts;
    }

    @Property(tries = 300)
    void valuesLieInTheirRanges(@ForAll("scenarios") Scenario s) {
        CatalogueMetrics cm = fill(s.popularity(), s.lists());
        assertEquals(s.lists().size(), cm.lists());
        double coverage = cm.itemCoverage();
        assertTrue(coverage >= 0 && coverage <= 1);
        long slots = s.lists().stream().mapToLong(l -> l.length).sum();
        if (slots == 0) {
            assertTrue(Double.isNaN(cm.averagePopularity()));
            assertTrue(Double.isNaN(cm.popularityBias()));
            assertTrue(Double.isNaN(cm.giniIndex()));
            return;
        }
        long max = Arrays.stream(s.popularity()).max().orElseThrow();
        double arp = cm.averagePopularity();
        assertTrue(arp >= 0 && arp <= max + EPS);
        double bias = cm.popularityBias();
        assertTrue(bias >= 0 && bias <= 1);
        double gini = cm.giniIndex();
        int n = s.popularity().length;
        assertTrue(gini >= 0 && gini <= (n - 1.0) / n + EPS, () -> "gini " + gini);
    }

    @Property(tries = 300)
    void valuesMatchTheirDefinitions(@ForAll("scenarios") Scenario s) {
        long[] popularity = s.popularity();
        int n = popularity.length;
        CatalogueMetrics cm = fill(popularity, s.lists());
        long[] counts = recommendationCounts(n, s.lists());

        long distinct = Arrays.stream(counts).filter(c -> c > 0).count();
        assertEquals((double) distinct / n, cm.itemCoverage(), EPS);

        long slots = 0;
        double popularitySum = 0;
        double percentileSum = 0;
        for (int[] l : s.lists()) {
            for (int item : l) {
                slots++;
                popularitySum += popularity[item];
                long lower = Arrays.stream(popularity).filter(p -> p < popularity[item]).count();
                percentileSum += n == 1 ? 0 : (double) lower / (n - 1);
            }
        }
        if (slots == 0) {
            return;
        }
        assertEquals(popularitySum / slots, cm.averagePopularity(), EPS);
        assertEquals(percentileSum / slots, cm.popularityBias(), EPS);

        // Gini as relative mean absolute difference: sum over all ordered pairs |xi - xj| / (2 n^2 mean).
        double absoluteDifferences = 0;
        for (long a : counts) {
            for (long b : counts) {
                absoluteDifferences += Math.abs(a - b);
            }
        }
        assertEquals(absoluteDifferences / (2.0 * n * slots), cm.giniIndex(), EPS);
    }

    @Property(tries = 300)
    void mergeEqualsSequentialAdding(@ForAll("scenarios") Scenario s, @ForAll long seed) {
        CatalogueMetrics all = fill(s.popularity(), s.lists());
        Random random = new Random(seed);
        List<int[]> first = new ArrayList<>();
        List<int[]> second = new ArrayList<>();
        s.lists().forEach(l -> (random.nextBoolean() ? first : second).add(l));
        CatalogueMetrics merged = fill(s.popularity(), first);
        merged.merge(fill(s.popularity(), second));
        assertEquals(all.lists(), merged.lists());
        assertEquals(all.itemCoverage(), merged.itemCoverage(), 0.0);
        assertEquals(all.averagePopularity(), merged.averagePopularity(), 0.0);
        assertEquals(all.popularityBias(), merged.popularityBias(), 0.0);
        assertEquals(all.giniIndex(), merged.giniIndex(), 0.0);
    }

    @Property(tries = 300)
    void popularityRecommenderBeatsEveryOtherListOnBias(
            @ForAll @IntRange(min = 2, max = 40) int numItems,
            @ForAll @IntRange(min = 1, max = 10) int k,
            @ForAll long seed) {
        Random random = new Random(seed);
        long[] popularity = new long[numItems];
        for (int i = 0; i < numItems; i++) {
            popularity[i] = random.nextInt(50);
        }
        int size = Math.min(k, numItems);
        Integer[] byPopularity = new Integer[numItems];
        for (int i = 0; i < numItems; i++) {
            byPopularity[i] = i;
        }
        Arrays.sort(byPopularity, (a, b) -> Long.compare(popularity[b], popularity[a]));
        int[] top = new int[size];
        for (int i = 0; i < size; i++) {
            top[i] = byPopularity[i];
        }
        List<Integer> shuffled = new ArrayList<>(Arrays.asList(byPopularity));
        Collections.shuffle(shuffled, random);
        int[] other = RankingCases.toArray(shuffled.subList(0, size));

        CatalogueMetrics popular = fill(popularity, List.of(top));
        CatalogueMetrics shuffledList = fill(popularity, List.of(other));
        assertTrue(popular.popularityBias() >= shuffledList.popularityBias() - EPS);
        assertTrue(popular.averagePopularity() >= shuffledList.averagePopularity() - EPS);
    }
}
