package io.shoplens.recommend.mf;

import static io.shoplens.recommend.mf.MfFixtures.data;
import static io.shoplens.recommend.mf.MfFixtures.item;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ScoredItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BprTest {
    private static BprModel train(InteractionStore s, Map<String, String> params) {
        Map<String, String> p = new HashMap<>(Map.of("rank", "8", "epochs", "60", "learningRate", "0.05",
                "reg", "0.01"));
        p.putAll(params);
        return new BprTrainer(BprParams.from(p)).train(data(s));
    }

    @Test
    void trainingIsReproducibleFromTheSeed() {
        InteractionStore s = MfFixtures.groups();
        BprModel a = train(s, Map.of());
        BprModel b = train(s, Map.of());
        BprModel c = train(s, Map.of("seed", "5"));
        for (int i = 0; i < a.numItems(); i++) {
            assertArrayEquals(a.itemVector(i), b.itemVector(i));
            assertEquals(a.itemBias(i), b.itemBias(i));
        }
        assertFalse(Arrays.equals(a.itemVector(0), c.itemVector(0)));
    }

    @Test
    void ranksTheUsersOwnGroupFirstUnderEveryFoldIn() {
        InteractionStore s = MfFixtures.groups();
        for (String foldIn : List.of("learned", "mean", "sgd")) {
            BprModel m = train(s, Map.of("foldIn", foldIn));
            for (int u : new int[] {0, 7, 33, 59}) {
                UserHistory h = s.history(u);
                Set<Integer> seen = Arrays.stream(h.items()).boxed().collect(Collectors.toSet());
                long group = u < 30 ? 1 : 2;
                List<ScoredItem> top = m.recommend(h, 4, seen::contains);
                for (ScoredItem si : top) {
                    long id = Long.parseLong(s.items().externalId(si.item()));
                    assertEquals(group, id / 100, foldIn + ": user " + u + " gets " + top);
                }
            }
        }
    }

    @Test
    void foldInModesBuildTheDocumentedUserVector() {
        InteractionStore s = MfFixtures.groups();
        UserHistory h = s.history(3);
        BprModel learned = train(s, Map.of("foldIn", "learned"));
        assertArrayEquals(learned.trainedUserVector(3), learned.userVector(h));
        UserHistory unknown = UserHistory.ofItems(-1, h.items());
        BprModel mean = train(s, Map.of("foldIn", "mean"));
        float[] expected = new float[mean.rank()];
        int[] distinct = h.distinctItems();
        for (int i : distinct) {
            float[] y = mean.itemVector(i);
            for (int c = 0; c < y.length; c++) {
                expected[c] += y[c] / distinct.length;
            }
        }
        assertArrayEquals(expected, mean.userVector(unknown), 1e-6f);
        assertArrayEquals(mean.userVector(unknown), learned.userVector(unknown), "unknown users use the mean");
        BprModel sgd = train(s, Map.of("foldIn", "sgd"));
        assertArrayEquals(sgd.userVector(h), sgd.userVector(h), "the SGD fold-in is repeatable");
        assertFalse(Arrays.equals(sgd.trainedUserVector(3), sgd.userVector(h)));
        float[] average = new float[sgd.rank()];
        for (int u = 0; u < sgd.numUsers(); u++) {
            float[] w = sgd.trainedUserVector(u);
            for (int c = 0; c < w.length; c++) {
                average[c] += w[c] / sgd.numUsers();
            }
        }
        assertArrayEquals(average, sgd.userVector(UserHistory.ofItems(-1)), 1e-5f,
                "an empty history gets the average trained user vector");
        float[] scores = new float[sgd.numItems()];
        int[] candidates = {2, 0, 5};
        float[] some = new float[3];
        sgd.score(h, candidates, some);
        sgd.scoreAll(h, scores);
        for (int c = 0; c < 3; c++) {
            assertEquals(scores[candidates[c]], some[c]);
        }
    }

    @Test
    void explainsWithTheFactorSimilarityOfHistoryItems() {
        InteractionStore s = MfFixtures.pairs();
        BprModel m = train(s, Map.of("rank", "4", "epochs", "200", "itemBias", "true"));
        int i1 = item(s, 1);
        int i2 = item(s, 2);
        int i3 = item(s, 3);
        int i5 = item(s, 5);
        UserHistory h = UserHistory.ofItems(-1, i3, i1, i5);
        Explanation e = m.explain(h, i2);
        float[] scores = new float[m.numItems()];
        m.scoreAll(h, scores);
        assertEquals(scores[i2], e.score());
        assertEquals(4, e.evidence().size());
        List<Evidence> history = e.evidence().subList(0, 3);
        assertEquals(Set.of(i1, i3, i5), history.stream().map(Evidence::item).collect(Collectors.toSet()));
        for (Evidence ev : history) {
            assertEquals("history-item", ev.kind());
            assertEquals(m.cosine(ev.item(), i2), ev.weight(), 1e-9);
        }
        for (int k = 1; k < history.size(); k++) {
            assertTrue(history.get(k - 1).weight() >= history.get(k).weight());
        }
        assertEquals(i1, history.get(0).item(), "item 2 is explained by its partner item 1: " + e);
        assertTrue(e.summary().startsWith("Because you interacted with item " + i1), e.summary());
        Evidence bias = e.evidence().get(3);
        assertEquals("popularity", bias.kind());
        assertEquals(m.itemBias(i2), bias.weight(), 1e-9);
        Explanation cold = m.explain(UserHistory.ofItems(-1), i2);
        assertEquals(List.of("popularity", "popularity"), cold.evidence().stream().map(Evidence::kind).toList());
        assertEquals(cold.score(), cold.evidence().stream().mapToDouble(Evidence::weight).sum(), 1e-5);
        BprModel noBias = train(s, Map.of("rank", "4", "itemBias", "false"));
        Explanation plain = noBias.explain(h, i2);
        assertEquals(3, plain.evidence().size(), "no bias evidence without biases: " + plain);
    }

    @Test
    void savesAndLoadsWithIdenticalScoresAndProvenance(@TempDir Path dir) throws Exception {
        InteractionStore s = MfFixtures.groups();
        BprModel m = train(s, Map.of("foldIn", "sgd", "reg", "0.02"));
        Path file = dir.resolve("bpr.model");
        m.save(file);
        BprModel back = BprModel.load(file);
        assertEquals(m.provenance(), back.provenance());
        assertEquals("0.02", back.provenance().params().get("reg"));
        assertEquals(m.params(), back.params());
        for (UserHistory h : List.of(s.history(0), s.history(45), UserHistory.ofItems(-1, 3, 4))) {
            float[] a = new float[m.numItems()];
            float[] b = new float[m.numItems()];
            m.scoreAll(h, a);
            back.scoreAll(h, b);
            assertArrayEquals(a, b);
            assertEquals(m.explain(h, 2), back.explain(h, 2));
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void rejectsUnknownAndBadParametersNamingTheKey() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> BprParams.from(Map.of("epoch", "3")));
        assertTrue(unknown.getMessage().contains("epoch"), unknown.getMessage());
        for (String[] bad : new String[][] {{"rank", "0"}, {"epochs", "-3"}, {"learningRate", "0"},
                {"reg", "-0.1"}, {"foldIn", "median"}, {"itemBias", "yes"}, {"foldInEpochs", "0"},
                {"weight.buy", "x"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BprParams.from(Map.of(bad[0], bad[1])), bad[0]);
            assertTrue(e.getMessage().contains(bad[0] + "=" + bad[1]), e.getMessage());
        }
        BprParams p = BprParams.from(Map.of("rank", "12", "foldIn", "mean", "weight.pv", "0"));
        assertEquals(p, BprParams.from(p.asMap()));
    }
}
