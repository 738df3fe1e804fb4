package io.shoplens.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.data.UserAttributes;
import io.shoplens.core.io.LoadReport;
import io.shoplens.core.model.Recommender;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TunerTest {
    /** 100 users; user u views items u%20, u%20+1, ..., so the item after the history is predictable. */
    private static Dataset data() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (int u = 0; u < 100; u++) {
            for (int k = 0; k < 5; k++) {
                b.event(u, (u % 20 + k) % 40, 0, Behavior.PV, 1_500_000_000L + k);
            }
        }
        InteractionStore s = b.build();
        LoadReport r = new LoadReport(Path.of("fixture"), "0".repeat(64), "test", s.numEvents(), s.numEvents(), 0,
                Map.of(), List.of(), null, 0, 0, false);
        return new Dataset("fixture", s, ItemCatalog.empty(s.numItems()), UserAttributes.empty(s.numUsers()),
                List.of(), List.of(r));
    }

    @Test
    void findsTheSettingThatIsBestOnValidationWithoutTouchingTest() {
        Experiment e = new Experiment(data(), Protocol.parse("loo-full"), 1);
        AtomicInteger trained = new AtomicInteger();
        Tuner tuner = new Tuner(e, "NDCG@10");
        List<Tuner.Trial> trials = tuner.search(Map.of("shift", List.of("0", "1", "7")), Map.of("fixed", "x"),
                params -> {
                    int shift = Integer.parseInt(params.get("shift"));
                    assertEquals("x", params.get("fixed"));
                    trained.incrementAndGet();
                    return FakeModels.trainer(data -> FakeModels.of("next+" + shift, data.events().numItems(),
                            (h, i) -> {
                                int last = h.items()[h.length() - 1];
                                return data.events().items().externalId(i)
                                        .equals(Integer.toString((Integer.parseInt(data.events().items()
                                                .externalId(last)) + 1 + shift) % 40)) ? 1 : 0;
                            }));
                }, 0, 1);
        assertEquals(3, trained.get());
        assertEquals("0", trials.get(0).params().get("shift"));
        assertEquals(1.0, trials.get(0).validation(), 1e-9);
        assertTrue(trials.get(1).validation() < 0.5);
    }

    @Test
    void gridCombinationsAndRandomSubsets() {
        assertEquals(6, Tuner.combinations(Map.of("a", List.of("1", "2"), "b", List.of("x", "y", "z")), Map.of())
                .size());
        assertThrows(IllegalArgumentException.class, () -> Tuner.combinations(Map.of("a", List.of()), Map.of()));
    }
}
