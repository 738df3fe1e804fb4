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
 * User-kNN on a fixture worked out by hand. Users 1..5 view items 10 (A) .. 50 (E): 1: A B C, 2: A B, 3: A D,
 * 4: C D E, 5: E. A shopper who viewed A and B has cosine 2/(√2·√3) ≈ 0.816 with user 1, 2/(√2·√2) = 1 with
 * user 2, 1/(√2·√2) = 0.5 with user 3 and nothing in common with users 4 and 5.
 */
class UserKnnTest {
    private static final double COS_1 = 2 / Math.sqrt(6);
    private static final InteractionStore STORE = store();

    static InteractionStore store() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long[][] rows = {{1, 10, 20, 30}, {2, 10, 20}, {3, 10, 40}, {4, 30, 40, 50}, {5, 50}};
        for (long[] r : rows) {
            for (int k = 1; k < r.length; k++) {
                b.event(r[0], r[k], 1, Behavior.PV, 1_500_000_000L + k);
            }
        }
        return b.build();
    }

    static int item(long id) {
        return STORE.items().indexOf(id);
    }

    static int user(long id) {
        return STORE.users().indexOf(id);
    }

    static UserKnnModel train(Map<String, String> params) {
        Map<String, String> p = new HashMap<>(Map.of("shrink", "0", "similarity", "cosine"));
        p.putAll(params);
        return new UserKnnTrainer(UserKnnParams.from(p))
                .train(new TrainingData(STORE, ItemCatalog.empty(STORE.numItems()), "fixture"));
    }

    private static UserHistory viewedAB(int user) {
        return UserHistory.ofItems(user, item(10), item(20));
    }

    @Test
    void findsNeighboursOfAnUnknownUserOnTheFly() {
        UserKnnModel m = train(Map.of("k", "3"));
        UserKnnModel.Neighbours nb = m.neighbours(viewedAB(-1));
        assertArrayEquals(new int[] {user(2), user(1), user(3)}, nb.users());
        assertArrayEquals(new float[] {1f, (float) COS_1, 0.5f}, nb.sims(), 1e-6f);
        UserKnnModel.Neighbours jac = train(Map.of("k", "3", "similarity", "jaccard")).neighbours(viewedAB(-1));
        assertArrayEquals(new float[] {1f, 2 / 3f, 1 / 3f}, jac.sims(), 1e-6f);
        UserKnnModel.Neighbours shrunk = train(Map.of("k", "3", "shrink", "1")).neighbours(viewedAB(-1));
        assertArrayEquals(new float[] {2 / 3f, (float) (COS_1 * 2 / 3), 0.25f}, shrunk.sims(), 1e-6f);
    }

    @Test
    void excludesTheUsersOwnTrainingRowAndIgnoresNewItems() {
        UserKnnModel m = train(Map.of("k", "3"));
        assertArrayEquals(new int[] {user(1), user(3)}, m.neighbours(viewedAB(user(2))).users());
        UserHistory withNewItem = UserHistory.ofItems(-1, item(10), item(20), m.numItems() + 3);
        UserKnnModel.Neighbours nb = m.neighbours(withNewItem);
        assertArrayEquals(new int[] {user(2), user(1), user(3)}, nb.users());
        assertEquals(2 / Math.sqrt(3 * 2), nb.sims()[0], 1e-6, "the new item still counts in the user's norm");
    }

    @Test
    void scoresAreNeighbourSimilarityWeightedVotes() {
        UserKnnModel two = train(Map.of("k", "2"));
        float[] s = new float[two.numItems()];
        two.scoreAll(viewedAB(-1), s);
        assertEquals(COS_1, s[item(30)], 1e-6, "C: only user 1 among the two nearest");
        assertEquals(0, s[item(40)], "D: user 3 is not among the two nearest");
        UserKnnModel three = train(Map.of("k", "3"));
        three.scoreAll(viewedAB(-1), s);
        assertEquals(0.5, s[item(40)], 1e-6);
        float[] some = new float[4];
        three.score(viewedAB(-1), new int[] {item(40), item(30), item(50), item(40)}, some);
        assertArrayEquals(new float[] {s[item(40)], s[item(30)], 0f, s[item(40)]}, some);
        List<ScoredItem> top = three.recommend(viewedAB(-1), 2, i -> i == item(10) || i == item(20));
        assertEquals(List.of(item(30), item(40)), top.stream().map(ScoredItem::item).toList());
    }

    @Test
    void explainsWithNeighbourUsersAndTheSharedHistoryItems() {
        UserKnnModel m = train(Map.of("k", "3"));
        Explanation e = m.explain(viewedAB(-1), item(30));
        assertEquals(3, e.evidence().size());
        Evidence top = e.evidence().get(0);
        assertEquals("neighbour-user", top.kind());
        assertEquals(-1, top.item());
        assertEquals(COS_1, top.weight(), 1e-6);
        assertEquals("user 1 also interacted with this item; similarity 0.82", top.detail());
        Evidence shared = e.evidence().get(1);
        assertEquals("history-item", shared.kind());
        assertEquals(item(10), shared.item());
        assertEquals(COS_1 / 2, shared.weight(), 1e-6, "user 1's vote split evenly over A and B");
        assertEquals(item(20), e.evidence().get(2).item());
        assertEquals(COS_1, e.score(), 1e-6);
        assertEquals("Because 1 shopper who also viewed item 10 and viewed item 20 chose item 30", e.summary());
        Explanation d = m.explain(viewedAB(-1), item(40));
        assertEquals(0.5, d.evidence().get(0).weight(), 1e-6);
        assertEquals(List.of(item(10)), d.evidence().stream().filter(x -> x.kind().equals("history-item"))
                .map(Evidence::item).toList(), "user 3 shares only A");
        Explanation none = m.explain(viewedAB(-1), item(50));
        assertTrue(none.evidence().isEmpty());
        assertEquals("None of your 3 most similar shoppers interacted with item 50", none.summary());
    }

    @Test
    void savesAndLoadsWithIdenticalScoresAndProvenance(@TempDir Path dir) throws Exception {
        UserKnnModel m = train(Map.of("k", "2", "similarity", "asymmetric", "alpha", "0.2"));
        Path file = dir.resolve("user.model");
        m.save(file);
        UserKnnModel back = UserKnnModel.load(file);
        assertEquals(m.provenance(), back.provenance());
        assertEquals(m.params(), back.params());
        UserHistory h = UserHistory.ofItems(-1, item(30), item(40));
        float[] s1 = new float[m.numItems()];
        float[] s2 = new float[m.numItems()];
        m.scoreAll(h, s1);
        back.scoreAll(h, s2);
        assertArrayEquals(s1, s2);
        assertEquals(m.explain(h, item(50)), back.explain(h, item(50)));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void rejectsBadParametersNamingTheKey() {
        for (String[] bad : new String[][] {{"k", "-3"}, {"shrink", "x"}, {"alpha", "-0.1"}, {"similarity", "dice"},
                {"halfLifeDays", "-1"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UserKnnParams.from(Map.of(bad[0], bad[1])));
            assertTrue(e.getMessage().contains(bad[0] + "=" + bad[1]), e.getMessage());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> UserKnnParams.from(Map.of("threads", "2")));
        assertTrue(unknown.getMessage().contains("threads"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> train(Map.of()).explain(viewedAB(-1), 99));
        assertEquals(UserKnnParams.defaults(), UserKnnParams.from(UserKnnParams.defaults().asMap()));
    }
}
