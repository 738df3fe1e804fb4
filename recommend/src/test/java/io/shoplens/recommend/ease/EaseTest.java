package io.shoplens.recommend.ease;

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
import io.shoplens.core.model.Pruning;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EaseTest {
    private static final long A = 10;
    private static final long B = 20;
    private static final long C = 30;

    /**
     * Users {a, b}, {b, c}, {a, b, c}: XᵀX = [[2,2,1],[2,3,2],[1,2,2]]; with λ = 1, G = [[3,2,1],[2,4,2],[1,2,3]],
     * det 16, P = G⁻¹ = [[.5,-.25,0],[-.25,.5,-.25],[0,-.25,.5]], so B = -P / diag(P) off the diagonal:
     * B = [[0,.5,0],[.5,0,.5],[0,.5,0]].
     */
    static InteractionStore triangle() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        b.event(1, A, 1, Behavior.PV, 1_500_000_000L);
        b.event(1, B, 1, Behavior.PV, 1_500_000_001L);
        b.event(2, B, 1, Behavior.PV, 1_500_000_002L);
        b.event(2, C, 1, Behavior.PV, 1_500_000_003L);
        b.event(3, A, 1, Behavior.PV, 1_500_000_004L);
        b.event(3, B, 1, Behavior.PV, 1_500_000_005L);
        b.event(3, C, 1, Behavior.PV, 1_500_000_006L);
        return b.build();
    }

    /** {@link #triangle()} plus a fourth user with only a: degrees a 3, b 3, c 2. */
    static InteractionStore triangleAndOne() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        b.event(1, A, 1, Behavior.PV, 1_500_000_000L);
        b.event(1, B, 1, Behavior.PV, 1_500_000_001L);
        b.event(2, B, 1, Behavior.PV, 1_500_000_002L);
        b.event(2, C, 1, Behavior.PV, 1_500_000_003L);
        b.event(3, A, 1, Behavior.PV, 1_500_000_004L);
        b.event(3, B, 1, Behavior.PV, 1_500_000_005L);
        b.event(3, C, 1, Behavior.PV, 1_500_000_006L);
        b.event(4, A, 1, Behavior.PV, 1_500_000_007L);
        return b.build();
    }

    /** A random store of {@code users} users over {@code items} items (ids 1000+), 2 to 8 events each. */
    static InteractionStore random(int users, int items, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (int i = 0; i < items; i++) {
            b.event(0, 1000 + i, 1, Behavior.PV, 1_500_000_000L);
        }
        long t = 1_500_000_000L;
        for (int u = 1; u <= users; u++) {
            int len = 2 + rnd.nextInt(7);
            for (int k = 0; k < len; k++) {
                int item = (int) Math.min(items - 1, Math.floor(items * Math.pow(rnd.nextDouble(), 2)));
                b.event(u, 1000 + item, 1, Behavior.values()[rnd.nextInt(4)], ++t);
            }
        }
        return b.build();
    }

    static EaseModel train(InteractionStore s, Map<String, String> params) {
        return new EaseTrainer(EaseParams.from(params)).train(new TrainingData(s, ItemCatalog.empty(s.numItems()),
                "fixture"));
    }

    private static Map<String, String> with(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("lambda", "1", "threads", "2"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void matchesTheHandComputedClosedForm() {
        InteractionStore s = triangle();
        EaseModel m = train(s, with());
        int a = s.items().indexOf(A);
        int b = s.items().indexOf(B);
        int c = s.items().indexOf(C);
        int[] order = {a, b, c};
        double[][] expected = {{0, .5, 0}, {.5, 0, .5}, {0, .5, 0}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[i][j], m.weight(order[i], order[j]), 1e-6, "B[" + i + "][" + j + "]");
            }
            assertEquals(0f, m.weight(order[i], order[i]), "the diagonal of B is exactly 0");
        }
        assertEquals(3, m.modelItems());
        assertEquals(9, m.storedWeights());
        float[] scores = new float[3];
        m.scoreAll(UserHistory.ofItems(-1, a, c), scores);
        assertEquals(0f, scores[a], 1e-6f);
        assertEquals(1f, scores[b], 1e-6f);
        assertEquals(0f, scores[c], 1e-6f);
    }

    @Test
    void float64SolvesTheSameClosedForm() {
        InteractionStore s = triangle();
        EaseModel single = train(s, with());
        EaseModel dbl = train(s, with("float64", "true"));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(single.weight(i, j), dbl.weight(i, j), 1e-6);
            }
        }
    }

    @Test
    void scoresAnyHistoryAndCandidateScoresEqualFullScores() {
        InteractionStore s = random(300, 40, 3);
        EaseModel m = train(s, with("lambda", "5", "weight.buy", "3", "sumRepeats", "true"));
        SplittableRandom rnd = new SplittableRandom(9);
        for (int t = 0; t < 20; t++) {
            int[] items = new int[1 + rnd.nextInt(6)];
            for (int k = 0; k < items.length; k++) {
                items[k] = rnd.nextInt(40);
            }
            UserHistory h = t % 2 == 0 ? UserHistory.ofItems(-1, items) : s.history(1 + rnd.nextInt(300));
            float[] all = new float[40];
            m.scoreAll(h, all);
            int[] candidates = {0, 7, 39, 12, 12, 3};
            float[] some = new float[candidates.length];
            m.score(h, candidates, some);
            for (int c = 0; c < candidates.length; c++) {
                assertEquals(all[candidates[c]], some[c], "candidate " + candidates[c]);
            }
        }
    }

    @Test
    void recommendationsSkipWhatTheCallerExcludes() {
        InteractionStore s = triangle();
        EaseModel m = train(s, with());
        int a = s.items().indexOf(A);
        int b = s.items().indexOf(B);
        int c = s.items().indexOf(C);
        UserHistory h = UserHistory.ofItems(-1, a);
        assertEquals(b, m.recommend(h, 1, null).get(0).item());
        List<ScoredItem> top = m.recommend(h, 3, i -> i == a || i == b);
        assertEquals(List.of(c), top.stream().map(ScoredItem::item).toList());
    }

    @Test
    void explainsWithHistoryContributionsThatSumToTheScore() {
        InteractionStore s = triangle();
        EaseModel m = train(s, with("weight.buy", "3"));
        int a = s.items().indexOf(A);
        int b = s.items().indexOf(B);
        int c = s.items().indexOf(C);
        UserHistory h = new UserHistory(-1, new int[] {a, c}, new byte[] {0, 3}, new long[] {1, 2});
        Explanation e = m.explain(h, b);
        assertEquals(2, e.evidence().size());
        Evidence first = e.evidence().get(0);
        assertEquals("history-item", first.kind());
        assertEquals(c, first.item(), "the bought item (strength 3) contributes most");
        assertEquals(1.5, first.weight(), 1e-6);
        assertEquals(a, e.evidence().get(1).item());
        assertEquals(0.5, e.evidence().get(1).weight(), 1e-6);
        assertEquals(2.0f, e.score(), 1e-6f);
        assertTrue(e.summary().contains("item " + c), e.summary());
        float[] out = new float[1];
        m.score(h, new int[] {b}, out);
        assertEquals(out[0], e.score());
    }

    @Test
    void evidenceAddsUpExactlyToTheScoreOnRandomHistories() {
        InteractionStore s = random(400, 60, 5);
        EaseModel m = train(s, with("lambda", "3", "weight.buy", "4", "weight.cart", "2", "sumRepeats", "true"));
        float[] all = new float[60];
        for (int u = 1; u <= 400; u += 7) {
            UserHistory h = s.history(u);
            m.scoreAll(h, all);
            for (int item = 0; item < 60; item += 3) {
                Explanation e = m.explain(h, item);
                double sum = 0;
                for (Evidence ev : e.evidence()) {
                    sum += ev.weight();
                }
                assertEquals(all[item], e.score(), "explained score of item " + item + " for user " + u);
                assertEquals(e.score(), (float) sum, "evidence of item " + item + " for user " + u);
                for (int k = 1; k < e.evidence().size(); k++) {
                    assertTrue(e.evidence().get(k - 1).weight() >= e.evidence().get(k).weight(), "largest first");
                }
            }
        }
    }

    @Test
    void maxItemsKeepsThePopularItemsAndRanksTheRestLast() {
        InteractionStore s = triangleAndOne();
        EaseModel m = train(s, with("maxItems", "2"));
        int a = s.items().indexOf(A);
        int b = s.items().indexOf(B);
        int c = s.items().indexOf(C);
        assertEquals(2, m.modelItems());
        assertEquals(3, m.numItems());
        // On a and b alone: G = [[4,2],[2,4]], P = [[4,-2],[-2,4]] / 12, so B[a][b] = B[b][a] = 0.5.
        assertEquals(0.5, m.weight(a, b), 1e-6);
        assertEquals(0.5, m.weight(b, a), 1e-6);
        assertEquals(0f, m.weight(c, b));
        float[] scores = new float[3];
        m.scoreAll(UserHistory.ofItems(-1, a, c), scores);
        assertEquals(0.5f, scores[b], 1e-6f, "c is outside the model and adds nothing");
        assertEquals(EaseModel.OUTSIDE_SCORE, scores[c]);
        float[] some = new float[2];
        m.score(UserHistory.ofItems(-1, a), new int[] {c, b}, some);
        assertEquals(EaseModel.OUTSIDE_SCORE, some[0]);
        assertEquals(0.5f, some[1], 1e-6f);
        Explanation e = m.explain(UserHistory.ofItems(-1, a), c);
        assertTrue(e.evidence().isEmpty());
        assertTrue(e.summary().contains("not among the 2"), e.summary());
    }

    @Test
    void topKKeepsTheLargestWeightsOfEachColumn() {
        InteractionStore s = random(500, 30, 11);
        EaseModel dense = train(s, with("lambda", "4"));
        EaseModel pruned = train(s, with("lambda", "4", "topK", "3"));
        assertTrue(pruned.storedWeights() <= 30 * 3, "stored " + pruned.storedWeights());
        for (int j = 0; j < 30; j++) {
            int kept = 0;
            float smallestKept = Float.MAX_VALUE;
            float largestDropped = 0;
            for (int i = 0; i < 30; i++) {
                float p = pruned.weight(i, j);
                float d = dense.weight(i, j);
                if (p != 0f) {
                    kept++;
                    assertEquals(d, p, 1e-5f * Math.max(1f, Math.abs(d)), "kept weight B[" + i + "][" + j + "]");
                    smallestKept = Math.min(smallestKept, Math.abs(d));
                } else if (i != j) {
                    largestDropped = Math.max(largestDropped, Math.abs(d));
                }
            }
            assertEquals(3, kept, "column " + j);
            assertTrue(largestDropped <= smallestKept + 1e-5f, "column " + j + " keeps its 3 largest weights");
        }
        UserHistory h = s.history(5);
        float[] all = new float[30];
        pruned.scoreAll(h, all);
        int[] candidates = {1, 2, 3, 29};
        float[] some = new float[4];
        pruned.score(h, candidates, some);
        for (int c = 0; c < 4; c++) {
            assertEquals(all[candidates[c]], some[c]);
        }
    }

    @Test
    void trainingDoesNotDependOnTheThreadCount() {
        InteractionStore s = random(300, 50, 21);
        EaseModel one = train(s, with("lambda", "10", "threads", "1"));
        EaseModel two = train(s, with("lambda", "10", "threads", "2"));
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 50; j++) {
                assertEquals(one.weight(i, j), two.weight(i, j), 1e-6f);
            }
        }
    }

    @Test
    void savesAndLoadsDensePrunedAndCappedModels(@TempDir Path dir) throws Exception {
        InteractionStore s = random(300, 40, 13);
        List<Map<String, String>> variants = List.of(with("lambda", "7"), with("lambda", "7", "topK", "5"),
                with("lambda", "7", "maxItems", "25", "weight.buy", "2"));
        int n = 0;
        for (Map<String, String> params : variants) {
            EaseModel m = train(s, params);
            Path file = dir.resolve("ease" + n++ + ".model");
            m.save(file);
            EaseModel back = EaseModel.load(file);
            assertEquals(m.provenance(), back.provenance());
            assertEquals(m.params(), back.params());
            assertEquals(m.storedWeights(), back.storedWeights());
            for (int u = 1; u <= 300; u += 17) {
                float[] x = new float[40];
                float[] y = new float[40];
                m.scoreAll(s.history(u), x);
                back.scoreAll(s.history(u), y);
                assertArrayEquals(x, y, "user " + u + " with " + params);
            }
        }
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary file is left behind");
        }
        assertEquals("fixture", EaseModel.load(dir.resolve("ease0.model")).provenance().dataFingerprint());
        assertEquals("7.0", EaseModel.load(dir.resolve("ease0.model")).provenance().params().get("lambda"));
    }

    @Test
    void rejectsUnknownAndBadParameters() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> EaseParams.from(Map.of("lamda", "3")));
        assertTrue(unknown.getMessage().contains("lamda"), unknown.getMessage());
        for (String[] bad : new String[][] {{"lambda", "0"}, {"lambda", "-5"}, {"lambda", "x"}, {"maxItems", "-1"},
                {"topK", "-2"}, {"threads", "0"}, {"float64", "maybe"}, {"weight.pv", "-1"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EaseParams.from(Map.of(bad[0], bad[1])));
            assertTrue(e.getMessage().contains(bad[0] + "=" + bad[1]), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new EaseParams(Double.NaN, 0, 0, false,
                EaseParams.defaults().weighting(), 1, Pruning.NONE));
        EaseParams d = EaseParams.defaults();
        assertEquals(d, EaseParams.from(d.asMap()));
    }
}
