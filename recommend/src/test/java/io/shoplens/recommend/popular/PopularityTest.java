package io.shoplens.recommend.popular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.Algorithms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopularityTest {
    /** Item 100: 3 views by 2 users; item 200: 1 buy; item 300: 2 views by 1 user, 10 days earlier. */
    private static InteractionStore store() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long day = 86_400;
        long t = 1_500_000_000L;
        b.event(1, 100, 1, Behavior.PV, t + 10 * day);
        b.event(1, 100, 1, Behavior.PV, t + 10 * day + 1);
        b.event(2, 100, 1, Behavior.PV, t + 10 * day);
        b.event(2, 200, 1, Behavior.BUY, t + 10 * day);
        b.event(3, 300, 2, Behavior.PV, t);
        b.event(3, 300, 2, Behavior.PV, t + 1);
        return b.build();
    }

    private static PopularityModel train(Map<String, String> params) {
        InteractionStore s = store();
        return new PopularityTrainer(PopularityParams.from(params))
                .train(new TrainingData(s, ItemCatalog.empty(s.numItems()), "fixture"));
    }

    private static int item(long id) {
        return store().items().indexOf(id);
    }

    @Test
    void countsEventsByDefault() {
        PopularityModel m = train(Map.of());
        assertEquals(3f, m.popularity(item(100)));
        assertEquals(1f, m.popularity(item(200)));
        assertEquals(2f, m.popularity(item(300)));
        List<ScoredItem> top = m.recommend(UserHistory.ofItems(-1), 3, null);
        assertArrayEquals(new int[] {item(100), item(300), item(200)},
                top.stream().mapToInt(ScoredItem::item).toArray());
    }

    @Test
    void behaviourWeightsDistinctUsersAndDecayChangeTheOrder() {
        PopularityModel weighted = train(Map.of("weight.buy", "5"));
        assertEquals(5f, weighted.popularity(item(200)));
        PopularityModel distinct = train(Map.of("sumRepeats", "false"));
        assertEquals(2f, distinct.popularity(item(100)));
        assertEquals(1f, distinct.popularity(item(300)));
        PopularityModel decayed = train(Map.of("halfLifeDays", "10"));
        assertEquals(1f, decayed.popularity(item(300)), 0.01f, "two views ten days before the newest count half");
    }

    @Test
    void seenItemsAndExclusionsAreFiltered() {
        PopularityModel m = train(Map.of());
        UserHistory h = UserHistory.ofItems(0, item(100));
        List<ScoredItem> top = m.recommend(h, 3, i -> i == item(100) || i == item(300));
        assertEquals(List.of(item(200)), top.stream().map(ScoredItem::item).toList());
    }

    @Test
    void walkingThePopularityOrderGivesTheFullRankingsTopK() {
        PopularityModel m = train(Map.of("weight.buy", "5"));
        float[] all = new float[m.numItems()];
        m.scoreAll(UserHistory.ofItems(-1), all);
        for (int k = 1; k <= m.numItems() + 1; k++) {
            java.util.function.IntPredicate ex = i -> i == item(200);
            assertEquals(Recommender.topK(all, k, ex), m.recommend(UserHistory.ofItems(-1), k, ex), "k=" + k);
            assertEquals(Recommender.topK(all, k, null), m.recommend(UserHistory.ofItems(-1), k, null), "k=" + k);
        }
    }

    @Test
    void explainsWithThePopularityEvidence() {
        PopularityModel m = train(Map.of());
        Explanation e = m.explain(UserHistory.ofItems(-1), item(100));
        assertEquals(1, e.evidence().size());
        assertEquals("popularity", e.evidence().get(0).kind());
        assertEquals(3.0, e.evidence().get(0).weight(), 1e-9);
        assertTrue(e.summary().contains("rank 1 of 3"), e.summary());
    }

    @Test
    void savesAndLoadsAtomicallyWithProvenance(@TempDir Path dir) throws Exception {
        PopularityModel m = train(Map.of("weight.buy", "4"));
        Path file = dir.resolve("pop.model");
        m.save(file);
        PopularityModel back = (PopularityModel) Algorithms.load(file);
        for (int i = 0; i < m.numItems(); i++) {
            assertEquals(m.popularity(i), back.popularity(i));
        }
        assertEquals(m.provenance(), back.provenance());
        assertEquals("4.0", back.provenance().params().get("weight.buy"));
        assertEquals("fixture", back.provenance().dataFingerprint());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void rejectsUnknownAndBadParameters() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> PopularityParams.from(Map.of("windw", "3")));
        assertTrue(unknown.getMessage().contains("windw"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> PopularityParams.from(Map.of("weight.pv", "-1")));
        assertTrue(bad.getMessage().contains("weight.pv=-1"));
        assertThrows(IllegalArgumentException.class, () -> Algorithms.trainer("nope", Map.of()));
        assertFalse(Algorithms.names().isEmpty());
    }
}
