package io.shoplens.recommend.mf;

import static io.shoplens.recommend.mf.MfFixtures.data;
import static io.shoplens.recommend.mf.MfFixtures.item;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ScoredItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IalsTest {
    private static IalsModel train(InteractionStore s, Map<String, String> params) {
        Map<String, String> p = new HashMap<>(Map.of("rank", "8", "iterations", "10", "threads", "1"));
        p.putAll(params);
        return new IalsTrainer(IalsParams.from(p)).train(data(s));
    }

    @Test
    void objectiveDecreasesEveryIterationWithBothSolvers() {
        for (String solver : List.of("cg", "cholesky")) {
            for (String scale : List.of("false", "true")) {
                List<Double> losses = new ArrayList<>();
                new IalsTrainer(IalsParams.from(Map.of("rank", "8", "iterations", "8", "threads", "1",
                        "solver", solver, "scaleRegByCount", scale, "lambda", "0.5")))
                        .train(data(MfFixtures.groups()), (it, loss) -> losses.add(loss));
                assertEquals(8, losses.size());
                for (int i = 1; i < losses.size(); i++) {
                    assertTrue(losses.get(i) <= losses.get(i - 1) * (1 + 1e-6),
                            solver + " scale=" + scale + " objective went up: " + losses);
                }
                assertTrue(losses.get(7) < losses.get(0), solver + ": " + losses);
            }
        }
    }

    @Test
    void theTileKernelGivesScoreAllsFloatsForPairsOfUsersAndAnOddOneOut() {
        InteractionStore s = MfFixtures.groups();
        for (String rank : List.of("8", "7")) {
            IalsModel m = train(s, Map.of("rank", rank));
            int users = Math.min(5, s.numUsers());
            float[][] vectors = new float[users][];
            float[][] expected = new float[users][m.numItems()];
            for (int u = 0; u < users; u++) {
                UserHistory h = s.history(u);
                vectors[u] = m.userVector(h);
                m.scoreAll(h, expected[u]);
            }
            int from = 1;
            int to = m.numItems();
            float[][] tile = new float[users][to - from];
            m.scoreTile(vectors, users, from, to, tile);
            for (int u = 0; u < users; u++) {
                for (int i = from; i < to; i++) {
                    assertEquals(Float.floatToIntBits(expected[u][i]), Float.floatToIntBits(tile[u][i - from]),
                            "rank " + rank + ", user " + u + ", item " + i);
                }
            }
        }
    }

    @Test
    void theTileKernelMatchesScoreAllAcrossBlocksWithAndWithoutBiases() {
        IalsModel trained = train(MfFixtures.groups(), Map.of());
        java.util.Random rnd = new java.util.Random(7);
        for (int rank : new int[] {8, 7}) {
            for (boolean bias : new boolean[] {false, true}) {
                int users = 3;
                int items = 5000;
                float[] uf = new float[users * rank];
                float[] itf = new float[items * rank];
                float[] b = bias ? new float[items] : null;
                for (int i = 0; i < itf.length; i++) {
                    itf[i] = (float) rnd.nextGaussian();
                }
                for (int i = 0; b != null && i < items; i++) {
                    b[i] = (float) rnd.nextGaussian();
                }
                IalsModel m = new IalsModel(new FactorModel.Factors(rank, users, items, uf, itf, b),
                        IalsParams.from(Map.of("rank", Integer.toString(rank))), false, trained.provenance());
                float[][] vectors = new float[users][];
                float[][] expected = new float[users][items];
                for (int u = 0; u < users; u++) {
                    UserHistory h = UserHistory.ofItems(-1, u, 100 + u, 4000 + u);
                    vectors[u] = m.userVector(h);
                    m.scoreAll(h, expected[u]);
                }
                int[][] tiles = {{0, 2048}, {2048, 4096}, {4096, 5000}, {0, 1000}, {1, 2049}, {3000, 5000}};
                for (int[] range : tiles) {
                    float[][] tile = new float[users][range[1] - range[0]];
                    m.scoreTile(vectors, users, range[0], range[1], tile);
                    for (int u = 0; u < users; u++) {
                        for (int i = range[0]; i < range[1]; i++) {
                            assertEquals(Float.floatToIntBits(expected[u][i]),
                                    Float.floatToIntBits(tile[u][i - range[0]]), "rank " + rank + ", bias " + bias
                                    + ", tile " + range[0] + ".." + range[1] + ", user " + u + ", item " + i);
                        }
                    }
                }
                float[] one = new float[1];
                m.score(UserHistory.ofItems(-1, 0, 100, 4000), new int[] {4999}, one);
                assertEquals(Float.floatToIntBits(expected[0][4999]), Float.floatToIntBits(one[0]));
            }
        }
    }

    @Test
    void factorsDoNotDependOnTheThreadCount() {
        InteractionStore s = MfFixtures.groups();
        for (String solver : List.of("cg", "cholesky")) {
            IalsModel one = train(s, Map.of("threads", "1", "solver", solver));
            IalsModel two = train(s, Map.of("threads", "2", "solver", solver));
            IalsModel three = train(s, Map.of("threads", "3", "solver", solver));
            for (int i = 0; i < one.numItems(); i++) {
                assertArrayEquals(one.itemVector(i), two.itemVector(i));
                assertArrayEquals(one.itemVector(i), three.itemVector(i));
            }
            for (int u = 0; u < one.numUsers(); u++) {
                assertArrayEquals(one.trainedUserVector(u), two.trainedUserVector(u));
                assertArrayEquals(one.trainedUserVector(u), three.trainedUserVector(u));
            }
        }
        IalsModel otherSeed = train(s, Map.of("seed", "43"));
        assertFalse(java.util.Arrays.equals(train(s, Map.of()).itemVector(0), otherSeed.itemVector(0)));
    }

    @Test
    void learnsTheTasteGroupsAndFoldsInAnyHistory() {
        InteractionStore s = MfFixtures.groups();
        IalsModel m = train(s, Map.of("rank", "2", "lambda", "3"));
        int a0 = item(s, 100);
        int a1 = item(s, 101);
        int b0 = item(s, 200);
        UserHistory unknownGroupA = UserHistory.ofItems(-1, a0, a1, item(s, 102));
        float[] scores = new float[m.numItems()];
        m.scoreAll(unknownGroupA, scores);
        for (int n = 3; n < 12; n++) {
            assertTrue(scores[item(s, 100 + n)] > scores[item(s, 200 + n)], "group A item " + n);
        }
        float[] known = new float[m.numItems()];
        m.scoreAll(new UserHistory(5, unknownGroupA.items(), unknownGroupA.behaviors(), unknownGroupA.times()),
                known);
        assertArrayEquals(scores, known, "fold-in uses the history, not the user index");
        List<ScoredItem> similar = m.similarItems(b0, 6);
        assertEquals(6, similar.size());
        for (ScoredItem si : similar) {
            long id = Long.parseLong(s.items().externalId(si.item()));
            assertTrue(id > 200 && id < 212, "the items most similar to 200 are from its group: " + similar);
            assertEquals(m.cosine(b0, si.item()), si.score());
        }
    }

    @Test
    void candidateScoresEqualFullScoresAndExclusionsAreRespected() {
        InteractionStore s = MfFixtures.groups();
        IalsModel m = train(s, Map.of());
        UserHistory h = s.history(3);
        float[] all = new float[m.numItems()];
        m.scoreAll(h, all);
        int[] candidates = {4, 0, 17, 9, 24};
        float[] some = new float[candidates.length];
        m.score(h, candidates, some);
        for (int c = 0; c < candidates.length; c++) {
            assertEquals(all[candidates[c]], some[c]);
        }
        Set<Integer> seen = java.util.Arrays.stream(h.items()).boxed().collect(Collectors.toSet());
        int best = Recommend.top(all, seen);
        List<ScoredItem> top = m.recommend(h, 5, i -> seen.contains(i) || i == best);
        assertEquals(5, top.size());
        for (ScoredItem si : top) {
            assertFalse(seen.contains(si.item()));
            assertNotEquals(best, si.item());
        }
    }

    @Test
    void emptyHistoryFallsBackToTheAverageUser() {
        InteractionStore s = MfFixtures.groups();
        IalsModel m = train(s, Map.of());
        UserHistory empty = UserHistory.ofItems(-1);
        float[] scores = new float[m.numItems()];
        m.scoreAll(empty, scores);
        int top = Recommend.top(scores, Set.of());
        assertEquals(item(s, 300), top, "the item everyone viewed ranks first for a user without history");
        Explanation e = m.explain(empty, top);
        assertEquals(1, e.evidence().size());
        assertEquals("popularity", e.evidence().get(0).kind());
        assertEquals(scores[top], e.score());
        float[] outOfRange = new float[m.numItems()];
        m.scoreAll(UserHistory.ofItems(-1, 10_000), outOfRange);
        assertArrayEquals(scores, outOfRange, "items outside the model are ignored");
    }

    @Test
    void explanationIsTheExactDecompositionOfTheScore() {
        InteractionStore s = MfFixtures.pairs();
        for (boolean scale : new boolean[] {false, true}) {
            IalsModel m = train(s, Map.of("rank", "4", "lambda", "0.1", "alpha", "5", "iterations", "15",
                    "scaleRegByCount", Boolean.toString(scale), "halfLifeEvents", "0"));
            int i1 = item(s, 1);
            int i2 = item(s, 2);
            int i3 = item(s, 3);
            int i5 = item(s, 5);
            UserHistory h = UserHistory.ofItems(-1, i1, i3, i5);
            Explanation e = m.explain(h, i2);
            assertEquals(i2, e.item());
            float[] scores = new float[m.numItems()];
            m.scoreAll(h, scores);
            assertEquals(scores[i2], e.score());
            assertEquals(3, e.evidence().size());
            assertEquals(i1, e.evidence().get(0).item(), "item 2 is recommended because of item 1: " + e);
            assertTrue(e.summary().startsWith("Because you interacted with item " + i1), e.summary());
            double sum = 0;
            for (Evidence ev : e.evidence()) {
                assertEquals("history-item", ev.kind());
                sum += ev.weight();
            }
            assertEquals(e.score(), sum, 1e-5 * Math.max(1, Math.abs(e.score())));
            for (int k = 1; k < e.evidence().size(); k++) {
                assertTrue(e.evidence().get(k - 1).weight() >= e.evidence().get(k).weight());
            }
            double reg = scale ? 0.1 * 3 : 0.1;
            double[] expected = independentWeights(m, new int[] {i1, i3, i5}, i2, 1 + 5.0, reg);
            Map<Integer, Double> byItem = e.evidence().stream().collect(Collectors.toMap(Evidence::item,
                    Evidence::weight));
            assertEquals(expected[0], byItem.get(i1), 1e-5);
            assertEquals(expected[1], byItem.get(i3), 1e-5);
            assertEquals(expected[2], byItem.get(i5), 1e-5);
        }
    }

    @Test
    void explanationWeightsSumToTheScoreForEveryItemAndScaling() {
        InteractionStore s = MfFixtures.groups();
        for (String scale : List.of("false", "true")) {
            IalsModel m = train(s, Map.of("scaleRegByCount", scale, "lambda", "0.3"));
            UserHistory h = s.history(40);
            float[] scores = new float[m.numItems()];
            m.scoreAll(h, scores);
            for (int j = 0; j < m.numItems(); j++) {
                Explanation e = m.explain(h, j);
                double sum = e.evidence().stream().mapToDouble(Evidence::weight).sum();
                assertEquals(scores[j], e.score());
                assertEquals(e.score(), sum, 1e-5 * Math.max(1, Math.abs(e.score())), "item " + j);
            }
        }
    }

    /**
     * c_i y_jᵀ A⁻¹ y_i with A = Σ_all y yᵀ + reg I + (c - 1) Σ_history y yᵀ, solved by Gaussian elimination with
     * partial pivoting, independently of the model's Cholesky code.
     */
    private static double[] independentWeights(IalsModel m, int[] history, int target, double c, double reg) {
        int k = m.rank();
        double[][] a = new double[k][k + 1];
        for (int i = 0; i < m.numItems(); i++) {
            float[] y = m.itemVector(i);
            for (int r = 0; r < k; r++) {
                for (int q = 0; q < k; q++) {
                    a[r][q] += (double) y[r] * y[q];
                }
            }
        }
        for (int i : history) {
            float[] y = m.itemVector(i);
            for (int r = 0; r < k; r++) {
                for (int q = 0; q < k; q++) {
                    a[r][q] += (c - 1) * y[r] * y[q];
                }
            }
        }
        float[] yj = m.itemVector(target);
        for (int r = 0; r < k; r++) {
            a[r][r] += reg;
            a[r][k] = yj[r];
        }
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < k; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int q = col; q <= k; q++) {
                        a[r][q] -= f * a[col][q];
                    }
                }
            }
        }
        double[] z = new double[k];
        for (int r = 0; r < k; r++) {
            z[r] = a[r][k] / a[r][r];
        }
        double[] w = new double[history.length];
        for (int n = 0; n < history.length; n++) {
            float[] y = m.itemVector(history[n]);
            for (int r = 0; r < k; r++) {
                w[n] += c * z[r] * y[r];
            }
        }
        return w;
    }

    @Test
    void savesAndLoadsWithIdenticalScoresAndProvenance(@TempDir Path dir) throws Exception {
        InteractionStore s = MfFixtures.groups();
        IalsModel m = train(s, Map.of("alpha", "7", "scaleRegByCount", "true"));
        Path file = dir.resolve("ials.model");
        m.save(file);
        IalsModel back = IalsModel.load(file);
        assertEquals(m.provenance(), back.provenance());
        assertEquals("7.0", back.provenance().params().get("alpha"));
        assertEquals("fixture", back.provenance().dataFingerprint());
        assertEquals(m.params(), back.params());
        for (UserHistory h : List.of(s.history(0), s.history(45), UserHistory.ofItems(-1))) {
            float[] a = new float[m.numItems()];
            float[] b = new float[m.numItems()];
            m.scoreAll(h, a);
            back.scoreAll(h, b);
            assertArrayEquals(a, b);
            assertEquals(m.explain(h, 3), back.explain(h, 3));
        }
        for (int u = 0; u < m.numUsers(); u++) {
            assertArrayEquals(m.trainedUserVector(u), back.trainedUserVector(u));
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        assertThrows(RuntimeException.class, () -> BprModel.load(file), "an iALS file is not a BPR model");
    }

    @Test
    void rejectsUnknownAndBadParametersNamingTheKey() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> IalsParams.from(Map.of("rnak", "3")));
        assertTrue(unknown.getMessage().contains("rnak"), unknown.getMessage());
        for (String[] bad : new String[][] {{"rank", "0"}, {"lambda", "-1"}, {"alpha", "x"}, {"iterations", "0"},
                {"solver", "lu"}, {"threads", "0"}, {"confidence", "sqrt"}, {"initStd", "0"},
                {"scaleRegByCount", "maybe"}, {"weight.pv", "-2"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IalsParams.from(Map.of(bad[0], bad[1])), bad[0]);
            assertTrue(e.getMessage().contains(bad[0] + "=" + bad[1]), e.getMessage());
        }
        IalsParams p = IalsParams.from(Map.of("rank", "12", "confidence", "log", "weight.buy", "4"));
        assertEquals(p, IalsParams.from(p.asMap()));
        assertEquals(1 + 2 * Math.log1p(3 / 0.5), 1 + IalsParams.from(Map.of("alpha", "2", "confidence", "log",
                "epsilon", "0.5")).confidenceMinusOne(3), 1e-12);
        assertEquals(30.0, IalsParams.from(Map.of("lambda", "3", "scaleRegByCount", "true")).regularization(10));
    }

    /** Top-1 helper for the tests. */
    private static final class Recommend {
        static int top(float[] scores, Set<Integer> exclude) {
            int best = -1;
            for (int i = 0; i < scores.length; i++) {
                if (!exclude.contains(i) && (best < 0 || scores[i] > scores[best])) {
                    best = i;
                }
            }
            return best;
        }
    }
}
