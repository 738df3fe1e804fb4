package io.shoplens.recommend.hybrid;

import static io.shoplens.recommend.hybrid.HybridFixtures.X1;
import static io.shoplens.recommend.hybrid.HybridFixtures.X2;
import static io.shoplens.recommend.hybrid.HybridFixtures.X3;
import static io.shoplens.recommend.hybrid.HybridFixtures.Y1;
import static io.shoplens.recommend.hybrid.HybridFixtures.Y2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridTest {
    /** Component a: 1000 * i; component b: 0.001 * (4 - i): opposite orders on wildly different scales. */
    private static final float[] A = {0, 1000, 2000, 3000, 4000};
    private static final float[] B = {0.004f, 0.003f, 0.002f, 0.001f, 0};
    private static final UserHistory WARM = UserHistory.ofItems(0, Y1, X1);

    private static HybridModel fakes(String components, String normalization) {
        HybridParams p = HybridParams.from(Map.of("components", components, "normalization", normalization,
                "minHistory", "2", "rrfDepth", "2"));
        List<Trainer<?>> trainers = List.of(FixedScores.trainer(A), FixedScores.trainer(B));
        return new HybridTrainer(p, trainers).train(HybridFixtures.shop());
    }

    private static HybridModel contentAndPopularity(Map<String, String> params) {
        return new HybridTrainer(HybridParams.from(params), HybridFixtures::resolve).train(HybridFixtures.shop());
    }

    private static float[] scores(HybridModel m, UserHistory h) {
        float[] s = new float[m.numItems()];
        m.scoreAll(h, s);
        return s;
    }

    private static List<Integer> top(HybridModel m, UserHistory h, int k) {
        return m.recommend(h, k, i -> Arrays.stream(h.items()).anyMatch(x -> x == i)).stream()
                .map(ScoredItem::item).toList();
    }

    @Test
    void userWithoutHistoryGetsGlobalPopularity() {
        HybridModel m = contentAndPopularity(Map.of());
        UserHistory nobody = UserHistory.ofItems(-1);
        assertTrue(m.isCold(nobody));
        assertEquals(List.of(Y1, Y2, X1, X2, X3), top(m, nobody, 5));
        assertEquals(10 / 26f, scores(m, nobody)[Y1], 1e-6f);
        Explanation e = m.explain(nobody, Y2);
        assertEquals(1, e.evidence().size());
        assertEquals(new Evidence("popularity", Y2, 7.0, e.evidence().get(0).detail()), e.evidence().get(0));
        assertTrue(e.evidence().get(0).detail().contains("rank 2 of 5"), e.evidence().get(0).detail());
    }

    @Test
    void userWithOnlyCategoryXHistoryGetsPopularInXFirst() {
        HybridModel m = contentAndPopularity(Map.of());
        UserHistory xOnly = UserHistory.ofItems(3, X3);
        assertEquals(List.of(X1, X2, Y1, Y2), top(m, xOnly, 4), "X by popularity, then the rest by popularity");
        float[] s = scores(m, xOnly);
        assertEquals(1 + 5 / 9f, s[X1], 1e-6f, "share 1 of X times x1's share 5/9 of X's popularity");
        assertEquals(1 + 3 / 9f, s[X2], 1e-6f);
        assertEquals(10 / 26f, s[Y1], 1e-6f);
        Explanation inX = m.explain(xOnly, X1);
        assertEquals(2, inX.evidence().size());
        assertEquals(new Evidence("category", -1, 1.0, "X"), inX.evidence().get(0));
        assertEquals("popularity", inX.evidence().get(1).kind());
        assertEquals(5.0, inX.evidence().get(1).weight(), 1e-9);
        assertTrue(inX.evidence().get(1).detail().contains("rank 1 of 3 in category X"),
                inX.evidence().get(1).detail());
        assertTrue(inX.summary().startsWith("Popular in category X"), inX.summary());
        Explanation outside = m.explain(xOnly, Y1);
        assertEquals(List.of("popularity"), outside.evidence().stream().map(Evidence::kind).toList());
    }

    @Test
    void mixedShortHistoryWeighsCategoriesByTheirShare() {
        HybridModel m = contentAndPopularity(Map.of("minHistory", "3"));
        UserHistory both = UserHistory.ofItems(4, X3, Y2);
        float[] s = scores(m, both);
        assertEquals(1 + 0.5f * 5 / 9f, s[X1], 1e-6f);
        assertEquals(1 + 0.5f * 10 / 17f, s[Y1], 1e-6f);
        assertEquals(List.of(Y1, X1, X2), top(m, both, 3));
    }

    @Test
    void zScoresPutComponentsOnOneScale() {
        HybridModel towardsB = fakes("a:0.4,b:0.6", "zscore");
        float[] s = scores(towardsB, WARM);
        for (int i = 0; i < 5; i++) {
            assertEquals(-0.2 * (i - 2) / Math.sqrt(2), s[i], 1e-5, "item " + i);
        }
        assertEquals(List.of(0, 1, 2, 3, 4), towardsB.recommend(WARM, 5, null).stream().map(ScoredItem::item)
                .toList(), "b's order wins although a's raw scores are a million times larger");
        HybridModel towardsA = fakes("a:0.6,b:0.4", "zscore");
        assertEquals(4, towardsA.recommend(WARM, 1, null).get(0).item());
    }

    @Test
    void minMaxAndReciprocalRankNormalisation() {
        float[] minmax = scores(fakes("a:0.4,b:0.6", "minmax"), WARM);
        for (int i = 0; i < 5; i++) {
            assertEquals(0.4 * i / 4 + 0.6 * (4 - i) / 4, minmax[i], 1e-6, "item " + i);
        }
        float[] rrf = scores(fakes("a:0.4,b:0.6", "rrf"), WARM);
        assertArrayEquals(new float[] {0.6f * 60 / 61, 0.6f * 60 / 62, 0, 0.4f * 60 / 62, 0.4f * 60 / 61}, rrf,
                1e-6f, "depth 2: each component's two best get 60 / (60 + rank)");
    }

    @Test
    void normalisationHandlesConstantsTiesAndNonFiniteScores() {
        float[] constant = {3, 3, 3};
        HybridModel.normalise(constant, 3, HybridParams.Normalization.ZSCORE, 10);
        assertArrayEquals(new float[] {0, 0, 0}, constant);
        float[] odd = {1, Float.NaN, 3, Float.NEGATIVE_INFINITY};
        HybridModel.normalise(odd, 4, HybridParams.Normalization.MINMAX, 10);
        assertArrayEquals(new float[] {0, 0, 1, 0}, odd);
        float[] ties = {5, 5, 1};
        HybridModel.normalise(ties, 3, HybridParams.Normalization.RRF, 10);
        assertArrayEquals(new float[] {60f / 61, 60f / 61, 60f / 63}, ties, 1e-6f);
    }

    @Test
    void explainDelegatesToTheComponentThatContributesMost() {
        HybridModel m = fakes("a:0.4,b:0.6", "zscore");
        Explanation e0 = m.explain(WARM, 0);
        assertEquals(scores(m, WARM)[0], e0.score(), 1e-6f);
        assertTrue(e0.summary().startsWith("b (weight 0.6, contributes 0.849 of 0.283)"), e0.summary());
        assertEquals(List.of(new Evidence("fixed", 0, 0.004f, "b x0.6: fixed score 0.004")), e0.evidence());
        Explanation e4 = m.explain(WARM, 4);
        assertTrue(e4.summary().startsWith("a (weight 0.4"), e4.summary());
        assertEquals("a x0.4: fixed score 4000.0", e4.evidence().get(0).detail());
    }

    @Test
    void warmUsersGetTheBlendOfContentAndPopularity() {
        HybridModel m = contentAndPopularity(Map.of("minHistory", "1"));
        UserHistory x = UserHistory.ofItems(1, X3);
        assertTrue(!m.isCold(x));
        List<Integer> order = top(m, x, 4);
        assertEquals(X1, order.get(0), "same category and the most popular of it");
        assertEquals(List.of("content", "popularity"), m.componentNames());
        Explanation e = m.explain(x, X1);
        assertTrue(e.summary().startsWith("content (weight 0.7"), e.summary());
        assertTrue(e.evidence().stream().anyMatch(ev -> ev.kind().equals("category")
                && ev.detail().equals("content x0.7: X")), e.evidence().toString());
    }

    @Test
    void componentParametersAreForwardedAndRecorded() {
        HybridModel m = contentAndPopularity(Map.of("components", "content:0.3,popularity:0.7",
                "content.titleWeight", "2", "popularity.weight.buy", "4", "weight.pv", "2"));
        Map<String, String> p = m.provenance().params();
        assertEquals("content:0.3,popularity:0.7", p.get("components"));
        assertEquals("2.0", p.get("content.titleWeight"));
        assertEquals("4.0", p.get("popularity.weight.buy"));
        assertEquals("1.0", p.get("popularity.weight.pv"), "every component parameter, defaults included");
        assertEquals("2.0", p.get("weight.pv"), "the hybrid's own fallback weighting");
        assertEquals("hybrid", m.provenance().algorithm());
        assertEquals("hybrid-fixture", m.provenance().dataFingerprint());
        assertEquals("2.0", m.component(0).provenance().params().get("titleWeight"));
    }

    @Test
    void savesComponentsInsideOneFileAndLoadsThemThroughTheLoader(@TempDir Path dir) throws Exception {
        HybridParams p = HybridParams.from(Map.of("components", "content:0.5,popularity:0.3,fixed:0.2",
                "minHistory", "2"));
        List<Trainer<?>> trainers = List.of(HybridFixtures.resolve("content", Map.of()),
                HybridFixtures.resolve("popularity", Map.of()), FixedScores.trainer(A));
        HybridModel m = new HybridTrainer(p, trainers).train(HybridFixtures.shop());
        Path file = dir.resolve("hybrid.model");
        m.save(file);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "components are embedded; no temporary file is left");
        }
        HybridModel back = HybridModel.load(file, HybridFixtures::load);
        assertEquals(m.provenance(), back.provenance());
        assertEquals(m.componentNames(), back.componentNames());
        for (UserHistory h : List.of(UserHistory.ofItems(-1), UserHistory.ofItems(2, X3), WARM)) {
            assertArrayEquals(scores(m, h), scores(back, h), h.toString());
            for (int i = 0; i < m.numItems(); i++) {
                assertEquals(m.explain(h, i), back.explain(h, i));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> HybridModel.load(file, null));
    }

    @Test
    void explicitTrainersMustMatchTheComponents() {
        HybridParams p = HybridParams.from(Map.of("components", "a:1,b:1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HybridTrainer(p, List.of(FixedScores.trainer(A))));
        assertTrue(e.getMessage().contains("2 components"), e.getMessage());
        HybridParams withParams = HybridParams.from(Map.of("components", "a:1", "a.k", "3"));
        IllegalArgumentException ignored = assertThrows(IllegalArgumentException.class,
                () -> new HybridTrainer(withParams, List.of(FixedScores.trainer(A))));
        assertTrue(ignored.getMessage().contains("[k]"), ignored.getMessage());
    }

    @Test
    void rejectsBadParametersNamingTheKey() {
        assertMessage(Map.of("minHistroy", "3"), "minHistroy");
        assertMessage(Map.of("minHistory", "-1"), "minHistory=-1");
        assertMessage(Map.of("normalization", "softmax"), "normalization=softmax");
        assertMessage(Map.of("components", "content"), "components=content");
        assertMessage(Map.of("components", "content:x"), "'x'");
        assertMessage(Map.of("components", "content:-1"), "components=content:-1");
        assertMessage(Map.of("components", "content:1,content:2"), "listed twice");
        assertMessage(Map.of("components", "content:1", "popularity.weight.pv", "1"), "popularity.weight.pv");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new HybridTrainer(HybridParams.from(Map.of("components", "nope:1")), HybridFixtures::resolve));
        assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
        IllegalArgumentException badInner = assertThrows(IllegalArgumentException.class,
                () -> new HybridTrainer(HybridParams.from(Map.of("content.bogus", "1")), HybridFixtures::resolve));
        assertTrue(badInner.getMessage().contains("content") && badInner.getMessage().contains("bogus"),
                badInner.getMessage());
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> new HybridTrainer(HybridParams.from(Map.of("components", "hybrid:1")), HybridFixtures::resolve));
        assertTrue(nested.getMessage().contains("hybrid component"), nested.getMessage());
        assertEquals(HybridParams.defaults(), HybridParams.from(HybridParams.defaults().asMap()));
    }

    private static void assertMessage(Map<String, String> params, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HybridParams.from(params));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
