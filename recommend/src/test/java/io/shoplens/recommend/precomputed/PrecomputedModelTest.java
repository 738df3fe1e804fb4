package io.shoplens.recommend.precomputed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import of Spark's Parquet lists (written here by DuckDB in the job's layout) onto a store's ids, scoring,
 * explanations and the save/load round trip.
 */
class PrecomputedModelTest {
    @TempDir
    Path dir;

    /** Users 1..3 over items 10, 20, 30, 40; user 3 has no list. */
    static InteractionStore store() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long[][] rows = {{1, 10, 20}, {2, 30}, {3, 40}};
        for (long[] r : rows) {
            for (int k = 1; k < r.length; k++) {
                b.event(r[0], r[k], 1, Behavior.PV, 1_500_000_000L + k);
            }
        }
        return b.build();
    }

    /** Writes the job's four tables; user 99 and item 77 are unknown to the store. */
    Path lists() throws Exception {
        Path out = dir.resolve("lists");
        for (String t : List.of("user-recs", "item-neighbours-cooc", "item-neighbours-als", "meta")) {
            Files.createDirectories(out.resolve(t));
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM (VALUES (1, 1, 40, 0.9::FLOAT), (1, 2, 30, 0.5::FLOAT), "
                    + "(2, 2, 10, 0.3::FLOAT), (2, 1, 40, 0.8::FLOAT), (99, 1, 10, 1.0::FLOAT), (2, 3, 77, 0.1::FLOAT))"
                    + " t(user_id, pos, item_id, score)) TO '" + out.resolve("user-recs/part-0.parquet") + "'");
            st.execute("COPY (SELECT * FROM (VALUES (10, 1, 20, 0.7::FLOAT), (10, 2, 30, 0.2::FLOAT), "
                    + "(20, 1, 10, 0.7::FLOAT), (40, 1, 30, 0.4::FLOAT), (40, 2, 77, 0.3::FLOAT)) "
                    + "t(item_id, pos, neighbour_id, score)) TO '" + out.resolve("item-neighbours-cooc/p.parquet")
                    + "'");
            st.execute("COPY (SELECT * FROM (VALUES (10, 1, 40, 0.6::FLOAT)) t(item_id, pos, neighbour_id, score))"
                    + " TO '" + out.resolve("item-neighbours-als/p.parquet") + "'");
            st.execute("COPY (SELECT * FROM (VALUES ('computedAt', '2026-12-04T10:00:00Z'), ('seconds', '12.5'), "
                    + "('als.rank', '8')) t(key, value)) TO '" + out.resolve("meta/p.parquet") + "'");
        }
        return out;
    }

    @Test
    void importsListsOntoTheStoreIdsAndAnswersFromThem() throws Exception {
        InteractionStore s = store();
        Path lists = lists();
        Recommender r = Algorithms.trainer("precomputed", Map.of("lists", lists.toString()))
                .train(new TrainingData(s, ItemCatalog.empty(s.numItems()), "fixture"));
        PrecomputedModel m = (PrecomputedModel) r;
        int u1 = s.users().indexOf(1L);
        int u2 = s.users().indexOf(2L);
        int u3 = s.users().indexOf(3L);
        int i10 = s.items().indexOf(10L);
        int i20 = s.items().indexOf(20L);
        int i30 = s.items().indexOf(30L);
        int i40 = s.items().indexOf(40L);
        assertEquals(List.of(new ScoredItem(i40, 0.9f), new ScoredItem(i30, 0.5f)), m.list(u1));
        assertEquals(List.of(new ScoredItem(i40, 0.8f), new ScoredItem(i10, 0.3f)), m.list(u2),
                "ordered by position; the unknown item 77 dropped");
        assertFalse(m.hasList(u3));
        assertEquals(List.of(new ScoredItem(i30, 0.5f)), r.recommend(s.history(u1), 5, i -> i == i40));
        // user 3 has no list: scored by the neighbours of item 40
        assertEquals(List.of(new ScoredItem(i30, 0.4f)), r.recommend(s.history(u3), 5, i -> false));
        // a similar-items request is a one-item history without a user
        assertEquals(List.of(new ScoredItem(i20, 0.7f), new ScoredItem(i30, 0.2f)),
                r.recommend(UserHistory.ofItems(-1, i10), 5, i -> i == i10));
        assertEquals(m.similarItems(i10, 5), r.recommend(UserHistory.ofItems(-1, i10), 5, i -> false));
        // two history items add up
        List<ScoredItem> both = r.recommend(UserHistory.ofItems(-1, i10, i40), 5, i -> false);
        assertEquals(new ScoredItem(i20, 0.7f), both.get(0));
        assertEquals(i30, both.get(1).item());
        assertEquals(0.6f, both.get(1).score(), 1e-6f);

        float[] all = new float[s.numItems()];
        r.scoreAll(s.history(u1), all);
        assertEquals(0.9f, all[i40]);
        assertTrue(Float.isNaN(all[i10]), "unlisted items are not recommendable");
        float[] some = new float[2];
        r.score(s.history(u1), new int[] {i30, i20}, some);
        assertEquals(0.5f, some[0]);
        assertTrue(Float.isNaN(some[1]));

        Explanation e = r.explain(s.history(u1), i40);
        assertEquals("precomputed by Spark ALS at 2026-12-04T10:00:00Z, score 0.9000, position 1 of the user's list",
                e.evidence().get(0).detail());
        assertEquals(0.9f, e.score());
        Explanation n = r.explain(UserHistory.ofItems(-1, i10, i40), i30);
        assertEquals(List.of(i40, i10), n.evidence().stream().map(ev -> ev.item()).toList());
        assertEquals(0.6f, n.score(), 1e-6f);

        assertEquals(Instant.parse("2026-12-04T10:00:00Z"), r.provenance().trainedAt());
        assertEquals(12.5, r.provenance().trainSeconds());
        assertEquals("8", r.provenance().params().get("spark.als.rank"));
        assertEquals("fixture", r.provenance().dataFingerprint());

        Path file = dir.resolve("p.model");
        r.save(file);
        Recommender back = Algorithms.load(file);
        assertEquals(r.recommend(s.history(u2), 5, i -> false), back.recommend(s.history(u2), 5, i -> false));
        assertEquals(m.similarItems(i40, 5), ((PrecomputedModel) back).similarItems(i40, 5));
        assertEquals(r.provenance(), back.provenance());
    }

    @Test
    void alsNeighboursAnswerSimilarItemsWhenAsked() throws Exception {
        InteractionStore s = store();
        PrecomputedModel m = new PrecomputedTrainer(PrecomputedParams.from(Map.of("lists", lists().toString(),
                "neighbours", "als"))).train(new TrainingData(s, ItemCatalog.empty(s.numItems()), "fixture"));
        assertEquals(List.of(new ScoredItem(s.items().indexOf(40L), 0.6f)),
                m.similarItems(s.items().indexOf(10L), 3));
        assertEquals(List.of(), m.similarItems(s.items().indexOf(20L), 3));
    }

    @Test
    void badInputFailsWithASentence() throws Exception {
        InteractionStore s = store();
        TrainingData data = new TrainingData(s, ItemCatalog.empty(s.numItems()), "fixture");
        DataException missing = assertThrows(DataException.class, () -> Algorithms.trainer("precomputed",
                Map.of("lists", dir.resolve("nowhere").toString())).train(data));
        assertTrue(missing.getMessage().contains("has no table user-recs/"), missing.getMessage());
        IllegalArgumentException noLists = assertThrows(IllegalArgumentException.class,
                () -> Algorithms.trainer("precomputed", Map.of()));
        assertTrue(noLists.getMessage().contains("lists=FOLDER"), noLists.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrecomputedParams.from(Map.of("lists", "x",
                "neighbours", "svd")));
        assertFalse(Algorithms.names().contains("precomputed"), "not trainable from a log alone");
        assertTrue(Algorithms.allNames().contains("precomputed"));
    }
}
