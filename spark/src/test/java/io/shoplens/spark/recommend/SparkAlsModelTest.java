package io.shoplens.spark.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.ScoredItem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring, fold-in, explanations and model files of {@link SparkAlsModel} on hand-made factors (no Spark):
 * rank 2, four items {@code y0 = (1, 0)}, {@code y1 = (0, 1)}, {@code y2 = (1, 1)}, {@code y3 = (0, 0)} (no Spark
 * factor), two users of which only user 0 has a Spark vector {@code (2, -1)}.
 */
class SparkAlsModelTest {
    static final float[] ITEMS = {1, 0, 0, 1, 1, 1, 0, 0};
    static final boolean[] HAS_ITEM = {true, true, true, false};

    static SparkAlsModel model(String foldIn, double alpha, double lambda) {
        Map<String, String> p = new HashMap<>(Map.of("rank", "2", "alpha", Double.toString(alpha), "lambda",
                Double.toString(lambda), "foldIn", foldIn));
        SparkAlsParams params = SparkAlsParams.from(p);
        Provenance prov = new Provenance(SparkAlsParams.NAME, params.asMap(), "fixture", params.seed(), "test",
                Instant.parse("2025-01-01T00:00:00Z"), 1.5);
        return new SparkAlsModel(params, 2, 2, 4, new float[] {2, -1, 0, 0}, new boolean[] {true, false},
                ITEMS.clone(), HAS_ITEM.clone(), true, prov);
    }

    /**
     * History {item 0, item 2}, binary strengths, alpha 2, lambda 0.5: YᵀY = [[2, 1], [1, 2]];
     * A = YᵀY + 2 (y0 y0ᵀ + y2 y2ᵀ) + 0.5 * 2 I = [[7, 3], [3, 5]]; b = 3 y0 + 3 y2 = (6, 3);
     * x = A⁻¹ b = (1/26) [[5, -3], [-3, 7]] (6, 3) = (21/26, 3/26).
     */
    @Test
    void foldsInTheGivenHistoryWithSparksNormalEquations() {
        SparkAlsModel m = model(SparkAlsParams.ALWAYS, 2, 0.5);
        float[] x = m.userVector(UserHistory.ofItems(1, 0, 2));
        assertArrayEquals(new float[] {21f / 26, 3f / 26}, x, 1e-6f);
        float[] scores = new float[4];
        m.scoreAll(UserHistory.ofItems(1, 0, 2), scores);
        assertArrayEquals(new float[] {21f / 26, 3f / 26, 24f / 26, 0f}, scores, 1e-6f);
        assertArrayEquals(x, m.userVector(UserHistory.ofItems(0, 0, 2)),
                "foldIn=always ignores the trained vector of a known user");
        assertArrayEquals(x, m.userVector(UserHistory.ofItems(-1, 2, 0, 3, 99, 2)),
                "repeats count once, items without a factor or outside the model are dropped");
    }

    @Test
    void unknownModeUsesSparksVectorOnlyForTrainedUsers() {
        SparkAlsModel m = model(SparkAlsParams.UNKNOWN, 2, 0.5);
        assertArrayEquals(new float[] {2, -1}, m.userVector(UserHistory.ofItems(0, 0, 2)));
        assertArrayEquals(new float[] {21f / 26, 3f / 26}, m.userVector(UserHistory.ofItems(1, 0, 2)), 1e-6f);
        assertArrayEquals(new float[] {21f / 26, 3f / 26}, m.userVector(UserHistory.ofItems(-1, 0, 2)), 1e-6f);
        float[] out = new float[3];
        m.score(UserHistory.ofItems(0), new int[] {2, 0, 1}, out);
        assertArrayEquals(new float[] {1, 2, -1}, out);
        assertTrue(m.hasTrainedUser(0));
        assertFalse(m.hasTrainedUser(1));
        assertFalse(m.hasTrainedUser(-1));
    }

    @Test
    void anEmptyHistoryGetsTheMeanTrainedUser() {
        SparkAlsModel m = model(SparkAlsParams.ALWAYS, 2, 0.5);
        assertArrayEquals(new float[] {2, -1}, m.userVector(UserHistory.ofItems(-1)));
        assertArrayEquals(new float[] {2, -1}, m.userVector(UserHistory.ofItems(-1, 3)));
        Explanation e = m.explain(UserHistory.ofItems(-1), 0);
        assertEquals(2f, e.score());
        assertEquals("popularity", e.evidence().get(0).kind());
    }

    @Test
    void candidateScoresEqualFullScores() {
        SparkAlsModel m = model(SparkAlsParams.ALWAYS, 2, 0.5);
        UserHistory h = UserHistory.ofItems(-1, 1, 2, 1);
        float[] all = new float[4];
        m.scoreAll(h, all);
        int[] candidates = {3, 1, 0, 2};
        float[] some = new float[4];
        m.score(h, candidates, some);
        for (int n = 0; n < candidates.length; n++) {
            assertEquals(all[candidates[n]], some[n]);
        }
    }

    @Test
    void recommendationsSkipExcludedItems() {
        SparkAlsModel m = model(SparkAlsParams.ALWAYS, 2, 0.5);
        UserHistory h = UserHistory.ofItems(-1, 0, 2);
        List<ScoredItem> all = m.recommend(h, 4, null);
        assertEquals(List.of(2, 0, 1, 3), all.stream().map(ScoredItem::item).toList());
        List<ScoredItem> rest = m.recommend(h, 4, i -> i == 0 || i == 2);
        assertEquals(List.of(1, 3), rest.stream().map(ScoredItem::item).toList());
    }

    /**
     * Explaining item 2 for history {0, 2}: z = A⁻¹ y2 = (1/26)(2, 4); s_20 = z · y0 = 2/26 and s_22 = z · y2 =
     * 6/26, each times confidence 3: weights 18/26 (item 2) and 6/26 (item 0), adding up to the score 24/26.
     */
    @Test
    void explanationsDecomposeTheScoreIntoHistoryItems() {
        SparkAlsModel m = model(SparkAlsParams.ALWAYS, 2, 0.5);
        Explanation e = m.explain(UserHistory.ofItems(-1, 0, 2), 2);
        assertEquals(24f / 26, e.score(), 1e-6f);
        List<Evidence> ev = e.evidence();
        assertEquals(2, ev.size());
        assertEquals(2, ev.get(0).item());
        assertEquals(18.0 / 26, ev.get(0).weight(), 1e-9);
        assertEquals(0, ev.get(1).item());
        assertEquals(6.0 / 26, ev.get(1).weight(), 1e-9);
        assertEquals("history-item", ev.get(1).kind());
        assertEquals(e.score(), ev.get(0).weight() + ev.get(1).weight(), 1e-6);
        assertEquals("Because you interacted with items 2 and 0", e.summary());
        assertTrue(ev.get(0).detail().contains("confidence 3"), ev.get(0).detail());
    }

    @Test
    void explainRejectsItemsOutsideTheModel() {
        SparkAlsModel m = model(SparkAlsParams.ALWAYS, 2, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.explain(UserHistory.ofItems(-1, 0), 4));
        assertTrue(e.getMessage().contains("item 4"), e.getMessage());
    }

    @Test
    void zeroLambdaWithASingularSystemStillSolves() {
        SparkAlsModel m = model(SparkAlsParams.ALWAYS, 0, 0);
        float[] x = m.userVector(UserHistory.ofItems(-1, 0));
        float[] scores = new float[4];
        m.scoreAll(UserHistory.ofItems(-1, 0), scores);
        assertTrue(Float.isFinite(x[0]) && Float.isFinite(x[1]));
        assertTrue(scores[0] > scores[1], "the history item's direction wins");
    }

    @Test
    void saveAndLoadKeepScoresAndProvenance(@TempDir Path dir) {
        for (String mode : new String[] {SparkAlsParams.ALWAYS, SparkAlsParams.UNKNOWN}) {
            SparkAlsModel m = model(mode, 2, 0.5);
            Path file = dir.resolve(mode + ".model");
            m.save(file);
            SparkAlsModel back = SparkAlsModel.load(file);
            assertEquals(m.provenance(), back.provenance());
            assertEquals(m.params(), back.params());
            for (UserHistory h : List.of(UserHistory.ofItems(0, 0, 2), UserHistory.ofItems(1, 1),
                    UserHistory.ofItems(-1))) {
                float[] a = new float[4];
                float[] b = new float[4];
                m.scoreAll(h, a);
                back.scoreAll(h, b);
                assertArrayEquals(a, b);
            }
            assertArrayEquals(m.itemVector(2), back.itemVector(2));
            assertFalse(back.hasTrainedItem(3));
            assertFalse(back.hasTrainedUser(1));
        }
    }
}
