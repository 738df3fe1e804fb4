package io.shoplens.recommend.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item-kNN on a fixture small enough to work out by hand. Users 1..5 view items 10 (A), 20 (B), 30 (C), 40 (D):
 * 1: A B, 2: A B, 3: A C, 4: B D, 5: C D. So n(A) = n(B) = 3, n(C) = n(D) = 2 and the co-occurrence counts are
 * AB 2, AC 1, BD 1, CD 1, AD 0, BC 0. Cosines: AB 2/3, AC = BD = 1/√6 ≈ 0.408, CD 1/2.
 */
class ItemKnnTest {
    static final long A = 10;
    static final long B = 20;
    static final long C = 30;
    static final long D = 40;
    private static final double COS_AC = 1 / Math.sqrt(6);

    static InteractionStore store() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long t = 1_500_000_000L;
        long[][] rows = {{1, A, B}, {2, A, B}, {3, A, C}, {4, B, D}, {5, C, D}};
        for (long[] r : rows) {
            for (int k = 1; k < r.length; k++) {
                b.event(r[0], r[k], 1, Behavior.PV, t + k);
            }
        }
        return b.build();
    }

    private static final InteractionStore STORE = store();

    static int idx(long id) {
        return STORE.items().indexOf(id);
    }

    static ItemKnnModel train(Map<String, String> params) {
        Map<String, String> p = new HashMap<>(Map.of("shrink", "0", "similarity", "cosine"));
        p.putAll(params);
        return new ItemKnnTrainer(ItemKnnParams.from(p))
                .train(new TrainingData(STORE, ItemCatalog.empty(STORE.numItems()), "fixture"));
    }

    /** A history in the fixture's id space: (item id, behaviour) pairs in time order. */
    static UserHistory history(int user, Object... itemAndBehavior) {
        int n = itemAndBehavior.length / 2;
        int[] items = new int[n];
        byte[] behaviors = new byte[n];
        long[] times = new long[n];
        for (int e = 0; e < n; e++) {
            items[e] = idx((Long) itemAndBehavior[2 * e]);
            behaviors[e] = ((Behavior) itemAndBehavior[2 * e + 1]).code();
            times[e] = 1_500_000_100L + e;
        }
        return new UserHistory(user, items, behaviors, times);
    }

    @Test
    void cosineSimilaritiesMatchTheHandComputedValues() {
        ItemKnnModel m = train(Map.of());
        assertEquals(2 / 3.0, m.similarity(idx(A), idx(B)), 1e-6);
        assertEquals(COS_AC, m.similarity(idx(A), idx(C)), 1e-6);
        assertEquals(COS_AC, m.similarity(idx(D), idx(B)), 1e-6);
        assertEquals(0.5, m.similarity(idx(C), idx(D)), 1e-6);
        assertEquals(0, m.similarity(idx(A), idx(D)));
        assertEquals(0, m.similarity(idx(A), idx(A)), "an item is not its own neighbour");
        assertEquals(8, m.numPairs());
    }

    @Test
    void jaccardAsymmetricCosineAndShrinkage() {
        ItemKnnModel jac = train(Map.of("similarity", "jaccard"));
        assertEquals(0.5, jac.similarity(idx(A), idx(B)), 1e-6);
        assertEquals(0.25, jac.similarity(idx(A), idx(C)), 1e-6);
        assertEquals(1 / 3.0, jac.similarity(idx(C), idx(D)), 1e-6);
        ItemKnnModel cond = train(Map.of("similarity", "asymmetric", "alpha", "0"));
        assertEquals(1 / 3.0, cond.similarity(idx(A), idx(C)), 1e-6, "alpha 0 is P(C | A) = 1/3");
        assertEquals(0.5, cond.similarity(idx(C), idx(A)), 1e-6, "and P(A | C) = 1/2");
        ItemKnnModel half = train(Map.of("similarity", "asymmetric", "alpha", "0.5"));
        assertEquals(COS_AC, half.similarity(idx(A), idx(C)), 1e-6, "alpha 0.5 is the cosine");
        ItemKnnModel shrunk = train(Map.of("shrink", "1"));
        assertEquals(2 / 3.0 * 2 / 3.0, shrunk.similarity(idx(A), idx(B)), 1e-6, "co 2: factor 2/(2+1)");
        assertEquals(0.5 * 0.5, shrunk.similarity(idx(C), idx(D)), 1e-6, "co 1: factor 1/(1+1)");
    }

    @Test
    void keepsTheTopKNeighboursAndNormalises() {
        ItemKnnModel one = train(Map.of("k", "1"));
        assertEquals(List.of(new ScoredItem(idx(B), 2 / 3f)), one.similarItems(idx(A), 5));
        assertEquals(idx(D), one.similarItems(idx(C), 5).get(0).item(), "D (0.5) beats A (0.408) for C");
        assertEquals(0, one.similarity(idx(C), idx(A)));
        ItemKnnModel all = train(Map.of());
        assertEquals(List.of(idx(B), idx(C)), all.similarItems(idx(A), 5).stream().map(ScoredItem::item).toList());
        ItemKnnModel norm = train(Map.of("normalize", "true"));
        double total = 2 / 3.0 + COS_AC;
        assertEquals(2 / 3.0 / total, norm.similarity(idx(A), idx(B)), 1e-6);
        assertEquals(COS_AC / total, norm.similarity(idx(A), idx(C)), 1e-6);
    }

    @Test
    void scoresSumStrengthTimesSimilarityOverTheHistory() {
        ItemKnnModel m = train(Map.of("weight.buy", "3"));
        UserHistory h = history(-1, A, Behavior.PV, D, Behavior.BUY);
        float[] all = new float[m.numItems()];
        m.scoreAll(h, all);
        assertEquals(COS_AC + 3 * 0.5, all[idx(C)], 1e-6, "1·sim(A,C) + 3·sim(D,C)");
        assertEquals(2 / 3.0 + 3 * COS_AC, all[idx(B)], 1e-6, "1·sim(A,B) + 3·sim(D,B)");
        float[] some = new float[3];
        m.score(h, new int[] {idx(C), idx(B), idx(C)}, some);
        assertArrayEquals(new float[] {all[idx(C)], all[idx(B)], all[idx(C)]}, some);
        assertThrows(IllegalArgumentException.class, () -> m.score(h, new int[] {99}, new float[1]));
    }

    @Test
    void explainsWithTheHistoryItemsThatContributeMost() {
        ItemKnnModel m = train(Map.of("weight.buy", "3"));
        UserHistory h = history(-1, A, Behavior.PV, D, Behavior.PV, D, Behavior.BUY);
        Explanation e = m.explain(h, idx(C));
        assertEquals(2, e.evidence().size());
        Evidence top = e.evidence().get(0);
        assertEquals("history-item", top.kind());
        assertEquals(idx(D), top.item());
        assertEquals(1.5, top.weight(), 1e-6, "bought D (strength 3) × sim(D, C) 0.5");
        assertEquals("bought, similarity 0.50", top.detail());
        assertEquals(idx(A), e.evidence().get(1).item());
        assertEquals(COS_AC, e.evidence().get(1).weight(), 1e-6);
        assertEquals("viewed, similarity 0.41", e.evidence().get(1).detail());
        assertEquals("Because you bought item 40 and viewed item 10", e.summary());
        float[] all = new float[m.numItems()];
        m.scoreAll(h, all);
        assertEquals(all[idx(C)], e.score(), 1e-6);
        Explanation none = m.explain(history(-1, A, Behavior.PV), idx(D));
        assertTrue(none.evidence().isEmpty());
        assertEquals(0f, none.score());
        assertEquals("Nothing in your history is similar to item 40", none.summary());
    }

    @Test
    void recommendationsSkipExcludedItemsAndIgnoreItemsNewSinceTraining() {
        ItemKnnModel m = train(Map.of());
        UserHistory h = new UserHistory(-1, new int[] {idx(A), m.numItems() + 5}, new byte[2], new long[] {1, 2});
        List<ScoredItem> top = m.recommend(h, 4, i -> i == idx(A));
        assertEquals(List.of(idx(B), idx(C), idx(D)), top.stream().map(ScoredItem::item).toList());
        assertEquals(2 / 3f, top.get(0).score(), 1e-6f);
        List<ScoredItem> filtered = m.recommend(h, 4, i -> i == idx(A) || i == idx(B));
        assertEquals(idx(C), filtered.get(0).item());
    }

    @Test
    void savesAndLoadsWithIdenticalScoresAndProvenance(@TempDir Path dir) throws Exception {
        ItemKnnModel m = train(Map.of("k", "2", "similarity", "asymmetric", "alpha", "0.3", "weight.buy", "2"));
        Path file = dir.resolve("item.model");
        m.save(file);
        ItemKnnModel back = ItemKnnModel.load(file);
        assertEquals(m.provenance(), back.provenance());
        assertEquals(m.params(), back.params());
        assertEquals("asymmetric", back.provenance().params().get("similarity"));
        assertEquals("fixture", back.provenance().dataFingerprint());
        UserHistory h = history(-1, A, Behavior.BUY, C, Behavior.PV);
        float[] s1 = new float[m.numItems()];
        float[] s2 = new float[m.numItems()];
        m.scoreAll(h, s1);
        back.scoreAll(h, s2);
        assertArrayEquals(s1, s2);
        assertEquals(m.explain(h, idx(B)), back.explain(h, idx(B)));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void rejectsBadParametersNamingTheKey() {
        for (String[] bad : new String[][] {{"k", "0"}, {"shrink", "-1"}, {"alpha", "1.5"}, {"similarity", "pearson"},
                {"threads", "0"}, {"normalize", "maybe"}, {"weight.pv", "-2"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ItemKnnParams.from(Map.of(bad[0], bad[1])));
            assertTrue(e.getMessage().contains(bad[0] + "=" + bad[1]), e.getMessage());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ItemKnnParams.from(Map.of("neighbours", "5")));
        assertTrue(unknown.getMessage().contains("neighbours"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> train(Map.of()).similarItems(99, 3));
        assertThrows(IllegalArgumentException.class, () -> train(Map.of()).explain(UserHistory.ofItems(-1), -1));
        assertEquals(ItemKnnParams.defaults(), ItemKnnParams.from(ItemKnnParams.defaults().asMap()));
    }
}
