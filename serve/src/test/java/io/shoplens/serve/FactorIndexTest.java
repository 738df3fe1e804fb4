package io.shoplens.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import io.shoplens.recommend.Algorithms;
import io.shoplens.recommend.mf.FactorModel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ANN index over an iALS model of a generated 40,000-event log with 3,000 items. */
class FactorIndexTest {
    /** The floor of recall@10 against exact scoring on this fixture (measured: 0.99 to 1.00). */
    static final double RECALL_FLOOR = 0.95;

    @TempDir
    static Path dir;
    static InteractionStore store;
    static FactorModel model;
    static FactorIndex index;

    @BeforeAll
    static void train() throws java.io.IOException {
        Path events = dir.resolve("events.csv");
        new SyntheticLogGenerator(1).generate(GeneratorConfig.small(40_000, 800, 3_000, 30, 14, 5), events, null,
                null, null, null);
        Dataset d = DatasetLoader.load(DatasetLoader.Source.events(events, EventFormat.TAOBAO),
                LoadOptions.defaults(dir.resolve("quarantine")));
        store = d.events();
        model = (FactorModel) Algorithms.trainer("ials", Map.of("rank", "16", "iterations", "4"))
                .train(new TrainingData(store, d.catalog(), "test"));
        index = FactorIndex.build(model);
    }

    @Test
    void recallAgainstExactIsAboveTheFloor() {
        List<UserHistory> sample = ModelSet.sample(store, 200, 3);
        FactorIndex.Recall r = index.recall(sample, RecommendService.TOP_N, 10);
        assertEquals(200, r.users());
        assertTrue(r.recall() >= RECALL_FLOOR, r.toString());
        assertTrue(r.recall() <= 1.0, r.toString());
        assertEquals(store.numItems(), index.size());
    }

    @Test
    void scoresAreTheModelsExactScoresBestFirst() {
        UserHistory h = store.history(0);
        IntPredicate seen = RecommendService.seen(h, new int[0]);
        List<ScoredItem> top = index.recommend(h, 50, seen);
        assertEquals(50, top.size());
        int[] items = top.stream().mapToInt(ScoredItem::item).toArray();
        float[] exact = new float[items.length];
        model.score(h, items, exact);
        for (int i = 0; i < items.length; i++) {
            assertEquals(exact[i], top.get(i).score(), "item " + items[i]);
            if (i > 0) {
                assertTrue(top.get(i - 1).score() >= top.get(i).score(), "order at " + i);
            }
        }
    }

    @Test
    void seenAndExcludedItemsAreNeverReturned() {
        for (UserHistory h : ModelSet.sample(store, 100, 9)) {
            int[] exclude = {h.items()[0] + 1 < store.numItems() ? h.items()[0] + 1 : 0, 7, 11};
            java.util.Arrays.sort(exclude);
            IntPredicate banned = RecommendService.seen(h, exclude);
            Set<Integer> returned = new HashSet<>();
            for (ScoredItem s : index.recommend(h, RecommendService.TOP_N, banned)) {
                assertFalse(banned.test(s.item()), "item " + s.item() + " was seen or excluded");
                assertTrue(returned.add(s.item()), "item " + s.item() + " returned twice");
            }
        }
    }

    @Test
    void servedThroughTheModelSetWithSeenItemsFiltered() {
        Map<String, Recommender> models = Map.of("ials", model);
        ModelSet on = new ModelSet(1, models, "ials", ServedData.of(store, 0), "test", FactorIndex.AnnMode.ON);
        assertNotNull(on.index("ials"));
        assertTrue(on.recalls().get("ials").recall() >= RECALL_FLOOR, on.recalls().toString());
        ModelSet auto = new ModelSet(2, models, "ials", ServedData.of(store, 0), "test");
        assertNull(auto.index("ials"), "3,000 items x rank 16 is below the auto rule's "
                + FactorIndex.AUTO_MIN_WORK + " multiply-adds");
        RecommendService service = new RecommendService(new AtomicReference<>(on), new LiveHistory(store.items()));
        for (UserHistory h : ModelSet.sample(store, 50, 4)) {
            String user = store.users().externalId(h.user());
            RecommendService.Answer a = service.recommend(on, "ials", user, 20, new int[0], false);
            assertEquals(20, a.items().length);
            Set<Integer> seen = new HashSet<>();
            for (int i : h.items()) {
                seen.add(i);
            }
            for (int i : a.items()) {
                assertFalse(seen.contains(i), "user " + user + " got seen item " + i);
            }
        }
    }

    @Test
    void annModeParsesItsThreeWordsOnly() {
        assertEquals(FactorIndex.AnnMode.AUTO, FactorIndex.AnnMode.parse("auto"));
        assertEquals(FactorIndex.AnnMode.ON, FactorIndex.AnnMode.parse("ON"));
        assertEquals(FactorIndex.AnnMode.OFF, FactorIndex.AnnMode.parse("off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FactorIndex.AnnMode.parse("fast"));
        assertTrue(e.getMessage().contains("'fast'"), e.getMessage());
    }
}
