package io.shoplens.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import org.junit.jupiter.api.Test;

class ExperimentTest {
    /** 60 users; user u views items u%15, u%15+1, ... in order. */
    private static Dataset data() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (int u = 0; u < 60; u++) {
            for (int k = 0; k < 5; k++) {
                b.event(u, (u % 15 + k) % 30, 0, Behavior.PV, 1_500_000_000L + k);
            }
        }
        InteractionStore s = b.build();
        LoadReport r = new LoadReport(Path.of("fixture"), "0".repeat(64), "test", s.numEvents(), s.numEvents(), 0,
                Map.of(), List.of(), null, 0, 0, false);
        return new Dataset("fixture", s, ItemCatalog.empty(s.numItems()), UserAttributes.empty(s.numUsers()),
                List.of(), List.of(r));
    }

    @Test
    void aModelTrainedOnceIsEvaluatedUnderEveryProtocolOfTheSameSplit() {
        Experiment sampled = new Experiment(data(), Protocol.parse("loo-sampled-9"), 1);
        Experiment full = sampled.onSameSplit(Protocol.parse("loo-full"));
        assertSame(sampled.split(), full.split());
        Recommender model = FakeModels.of("by-id", sampled.split().train().numItems(), (h, i) -> -i);
        ExperimentReport a = sampled.evaluate("by-id", model, 1.5, -1, null);
        ExperimentReport b = full.evaluate("by-id", model, 1.5, -1, null);
        assertEquals("loo-sampled-9", a.protocol().name());
        assertEquals("loo-full", b.protocol().name());
        assertEquals(1.5, b.trainSeconds());
        assertTrue(a.test().get("HR@10") >= b.test().get("HR@10"),
                "ten of ten candidates always hold the target, the full ranking does not");
        assertEquals(1.0, a.test().get("HR@10"), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> sampled.onSameSplit(Protocol.parse("random-full")));
    }
}
