package io.shoplens.recommend.content;

import static io.shoplens.recommend.content.ContentFixtures.LN2;
import static io.shoplens.recommend.content.ContentFixtures.LN3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentTest {
    /** Two bands, every weight 1, terms in at least 2 titles, binary strengths. */
    private static final Map<String, String> FIXTURE_PARAMS = Map.of("priceBands", "2", "priceWeight", "1",
            "halfLifeDays", "0", "sumRepeats", "false", "threads", "2");

    private static ContentModel train(Map<String, String> params) {
        return new ContentTrainer(ContentParams.from(params)).train(ContentFixtures.shop());
    }

    private static List<Integer> items(List<ScoredItem> list) {
        return list.stream().map(ScoredItem::item).toList();
    }

    @Test
    void buildsTheDocumentedVocabularyAndVectors() {
        ContentModel m = train(FIXTURE_PARAMS);
        assertEquals(List.of("cotton", "shirt", "steel", "kitchen", "knife"), m.vocabulary(),
                "terms in one title only (red, blue, chef, green, set) are dropped");
        assertEquals(7, m.numItems());
        assertEquals(1f, m.similarity(0, 4), 1e-6f, "same category, band and kept terms");
        assertEquals(0f, m.similarity(0, 2), "nothing shared");
        double t2 = Math.sqrt(2 * LN2 * LN2 + LN3 * LN3);
        double expected = (1 + 1 + Math.sqrt(2) * LN2 / t2) / 3;
        assertEquals(expected, m.similarity(2, 3), 1e-6, "category + band + title cosine, over |x| = sqrt 3");
        assertEquals(1f, m.similarity(2, 5), 1e-6f, "'set' is in one title only");
        assertEquals(1 / Math.sqrt(3), m.similarity(0, 6), 1e-6,
                "item 106 is not in the catalogue: only its category, taken from its events");
    }

    @Test
    void findsColdItemsByCategoryAndTitle() {
        ContentModel m = train(FIXTURE_PARAMS);
        UserHistory knifeBuyer = UserHistory.ofItems(1, 2);
        List<ScoredItem> top = m.recommend(knifeBuyer, 2, i -> i == 2);
        assertEquals(List.of(5, 3), items(top), "the cold kitchen knife set shares 'kitchen' too, so it beats "
                + "the chef knife");
        assertTrue(top.get(0).score() > top.get(1).score());
        UserHistory shirtViewer = UserHistory.ofItems(-1, 0);
        List<ScoredItem> shirts = m.recommend(shirtViewer, 3, i -> i == 0);
        assertEquals(List.of(1, 4, 6), items(shirts), "the cold green shirt ties with the blue one");
        assertEquals(1f, shirts.get(1).score(), 1e-6f);
    }

    @Test
    void similarItemsLeaveOutTheItemAndUnrelatedItems() {
        ContentModel m = train(FIXTURE_PARAMS);
        List<ScoredItem> similar = m.similarItems(0, 10);
        assertEquals(List.of(1, 4, 6), items(similar));
        assertEquals(1 / Math.sqrt(3), similar.get(2).score(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> m.similarItems(7, 3));
        assertThrows(IllegalArgumentException.class, () -> m.similarItems(0, 0));
    }

    @Test
    void explainsWithTheSharedFeaturesAndTheMostSimilarHistoryItem() {
        ContentModel m = train(FIXTURE_PARAMS);
        UserHistory h = UserHistory.ofItems(2, 0, 2);
        Explanation e = m.explain(h, 5);
        float[] all = new float[m.numItems()];
        m.scoreAll(h, all);
        assertEquals(all[5], e.score(), 1e-6f);
        double profileNorm = Math.sqrt(2);
        double titleNorm2 = 2 * LN2 * LN2 + LN3 * LN3;
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("history-item:2", 1 / profileNorm);
        expected.put("category:knives", 1 / 3.0 / profileNorm);
        expected.put("price-band:>=100.00", 1 / 3.0 / profileNorm);
        expected.put("title-token:kitchen", LN3 * LN3 / (3 * titleNorm2) / profileNorm);
        expected.put("title-token:steel", LN2 * LN2 / (3 * titleNorm2) / profileNorm);
        expected.put("title-token:knife", LN2 * LN2 / (3 * titleNorm2) / profileNorm);
        assertEquals(expected.size(), e.evidence().size(), e.evidence().toString());
        for (int k = 0; k < e.evidence().size(); k++) {
            Evidence ev = e.evidence().get(k);
            String key = ev.kind() + ":" + (ev.kind().equals("history-item") ? ev.item() : ev.detail());
            assertTrue(expected.containsKey(key), "unexpected evidence " + ev);
            assertEquals(expected.get(key), ev.weight(), 1e-6, key);
            if (k > 0) {
                assertTrue(e.evidence().get(k - 1).weight() >= ev.weight(), "largest first");
            }
        }
        assertEquals("history-item", e.evidence().get(0).kind(), "the shirt (item 0) contributes nothing");
        double featureSum = e.evidence().stream().filter(ev -> !ev.kind().equals("history-item"))
                .mapToDouble(Evidence::weight).sum();
        assertEquals(e.score(), featureSum, 1e-6, "feature contributions add up to the score");
        assertTrue(e.summary().contains("category knives"), e.summary());
        assertTrue(e.summary().contains("\"kitchen\""), e.summary());
    }

    @Test
    void explainsNothingSharedWithEmptyEvidence() {
        ContentModel m = train(FIXTURE_PARAMS);
        Explanation e = m.explain(UserHistory.ofItems(1, 0), 2);
        assertEquals(0f, e.score());
        assertTrue(e.evidence().isEmpty());
        Explanation cold = m.explain(UserHistory.ofItems(-1), 2);
        assertTrue(cold.evidence().isEmpty());
        assertFalse(cold.summary().isBlank());
    }

    @Test
    void candidateScoresEqualFullScoresAndUnknownHistoryItemsAreIgnored() {
        ContentModel m = train(Map.of());
        UserHistory h = new UserHistory(0, new int[] {0, 2, 9, 3}, new byte[] {0, 3, 0, 1},
                new long[] {1_500_000_000L, 1_500_000_600L, 1_500_001_200L, 1_500_090_000L});
        float[] all = new float[m.numItems()];
        m.scoreAll(h, all);
        int[] candidates = {6, 5, 4, 3, 2, 1, 0, 5};
        float[] some = new float[candidates.length];
        m.score(h, candidates, some);
        for (int c = 0; c < candidates.length; c++) {
            assertEquals(all[candidates[c]], some[c], "candidate " + candidates[c]);
        }
        for (float s : all) {
            assertTrue(s >= 0 && s <= 1 + 1e-6, "cosine in [0, 1]: " + s);
        }
        assertTrue(all[3] > all[0], "the recent knife outweighs the shirt a day earlier with a 0.02-day half-life");
    }

    @Test
    void withoutACatalogueOnlyTheEventCategoriesRemain() {
        TrainingData shop = ContentFixtures.shop();
        TrainingData bare = new TrainingData(shop.events(),
                io.shoplens.core.data.ItemCatalog.empty(shop.events().numItems()), "bare");
        ContentModel m = new ContentTrainer(ContentParams.from(Map.of())).train(bare);
        assertEquals(List.of(), m.vocabulary());
        assertEquals(2 + ContentParams.defaults().priceBands(), m.numFeatures(), "two categories, unused bands");
        float[] all = new float[m.numItems()];
        m.scoreAll(UserHistory.ofItems(0, 0), all);
        assertEquals(0f, all[2]);
        assertTrue(all[1] > 0, "same category from the events");
    }

    @Test
    void savesAndLoadsWithIdenticalScoresAndProvenance(@TempDir Path dir) throws Exception {
        ContentModel m = train(Map.of("titleWeight", "2", "cjk", "char"));
        Path file = dir.resolve("content.model");
        m.save(file);
        ContentModel back = ContentModel.load(file);
        assertEquals(m.provenance(), back.provenance());
        assertEquals("2.0", back.provenance().params().get("titleWeight"));
        assertEquals("char", back.provenance().params().get("cjk"));
        assertEquals("fixture", back.provenance().dataFingerprint());
        assertEquals(m.vocabulary(), back.vocabulary());
        for (UserHistory h : List.of(UserHistory.ofItems(0, 0, 1), UserHistory.ofItems(1, 2), UserHistory.ofItems(-1))) {
            float[] a = new float[m.numItems()];
            float[] b = new float[m.numItems()];
            m.scoreAll(h, a);
            back.scoreAll(h, b);
            assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
            assertEquals(m.explain(h, 5), back.explain(h, 5));
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void rejectsUnknownAndBadParameters() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ContentParams.from(Map.of("titleWieght", "1")));
        assertTrue(unknown.getMessage().contains("titleWieght"), unknown.getMessage());
        IllegalArgumentException bands = assertThrows(IllegalArgumentException.class,
                () -> ContentParams.from(Map.of("priceBands", "0")));
        assertTrue(bands.getMessage().contains("priceBands=0"), bands.getMessage());
        IllegalArgumentException cjk = assertThrows(IllegalArgumentException.class,
                () -> ContentParams.from(Map.of("cjk", "words")));
        assertTrue(cjk.getMessage().contains("cjk=words"), cjk.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> ContentParams.from(Map.of("categoryWeight", "0", "priceWeight", "0", "titleWeight", "0")));
        assertTrue(zero.getMessage().contains("all be 0"), zero.getMessage());
        IllegalArgumentException df = assertThrows(IllegalArgumentException.class,
                () -> ContentParams.from(Map.of("minDocFreq", "-2")));
        assertTrue(df.getMessage().contains("minDocFreq=-2"), df.getMessage());
        assertEquals(ContentParams.defaults(), ContentParams.from(ContentParams.defaults().asMap()));
    }
}
