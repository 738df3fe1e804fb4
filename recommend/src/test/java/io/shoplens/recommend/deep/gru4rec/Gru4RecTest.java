package io.shoplens.recommend.deep.gru4rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.split.LeaveOneOut;
import io.shoplens.core.split.Split;
import io.shoplens.recommend.Algorithms;
import io.shoplens.recommend.deep.train.NativeWeights;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gru4RecTest {
    private static final int ITEMS = 12;

    /**
     * 48 users walking a deterministic cycle over 12 items: each user starts at a random item and moves to the next
     * one (mod 12) 6 to 9 times, so the next item is a function of the last one; item ids are their indexes.
     */
    static InteractionStore cycles() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (int i = 0; i < ITEMS; i++) {
            b.items().intern(i);
        }
        SplittableRandom rnd = new SplittableRandom(11);
        long t = 1_500_000_000L;
        for (int u = 0; u < 48; u++) {
            int start = rnd.nextInt(ITEMS);
            int n = 6 + rnd.nextInt(4);
            for (int k = 0; k < n; k++) {
                b.event(u, (start + k) % ITEMS, 1, Behavior.PV, t++);
            }
        }
        return b.build();
    }

    static Gru4RecParams params(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("maxLen", "8");
        m.put("embedding", "8");
        m.put("hidden", "16");
        m.put("dropout", "0.1");
        m.put("negatives", "6");
        m.put("epochs", "3");
        m.put("batchSize", "16");
        m.put("learningRate", "0.01");
        m.put("validEvery", "0");
        m.put("threads", "1");
        m.put("device", "cpu");
        m.put("log", "false");
        m.putAll(extra);
        return Gru4RecParams.from(m);
    }

    private static TrainingData whole(InteractionStore all) {
        return new TrainingData(all, ItemCatalog.empty(all.numItems()), "cycles");
    }

    private static final Map<String, Gru4RecModel> FITTED = new HashMap<>();

    /** A GRU trained to convergence on all of {@link #cycles()} with {@code loss}, shared by the tests. */
    private static synchronized Gru4RecModel fitted(String loss) {
        return FITTED.computeIfAbsent(loss, l -> new Gru4RecTrainer(params(Map.of("loss", l, "epochs", "40",
                "batchSize", "24", "dropout", "0", "learningRate", "0.03"))).train(whole(cycles())));
    }

    /** The engine's recurrent outputs for one sequence of shifted ids, L×H. */
    private static float[][] outputs(Gru4RecNetwork net, NativeWeights w, long[] seq, int hidden) {
        try (NDManager m = w.manager().newSubManager(); NDScope scope = new NDScope()) {
            NDArray h = net.forward(w.arrays(), m.create(seq, new Shape(1, seq.length)), false);
            assertEquals(new Shape(1, seq.length, hidden), h.getShape());
            float[] flat = h.toFloatArray();
            float[][] out = new float[seq.length][];
            for (int t = 0; t < seq.length; t++) {
                out[t] = java.util.Arrays.copyOfRange(flat, t * hidden, (t + 1) * hidden);
            }
            scope.suppressNotUsedWarning();
            return out;
        }
    }

    @Test
    void theRecurrenceIsCausalAndTheHeapCellMatchesTheEngineForBothCells() {
        for (String cell : new String[] {"gru", "lstm"}) {
            Gru4RecParams p = params(Map.of("cell", cell));
            Gru4RecModel model = new Gru4RecTrainer(p).train(whole(cycles()));
            Gru4RecNetwork net = new Gru4RecNetwork(p);
            try (NativeWeights w = new NativeWeights(model.weights())) {
                long[] seq = {3, 4, 5, 6, 7, 8, 0, 0};
                float[][] base = outputs(net, w, seq, 16);
                for (int changed = 0; changed < 6; changed++) {
                    long[] other = seq.clone();
                    other[changed] = 1 + (other[changed] + 4) % ITEMS;
                    float[][] h = outputs(net, w, other, 16);
                    for (int t = 0; t < changed; t++) {
                        assertArrayEquals(base[t], h[t], 0f, cell + ": position " + t + " saw the item changed at "
                                + changed);
                    }
                    assertNotEquals(base[changed][0], h[changed][0], cell + ": the changed position must change");
                }
                for (int t = 0; t < 6; t++) {
                    int[] prefix = new int[t + 1];
                    for (int k = 0; k <= t; k++) {
                        prefix[k] = (int) seq[k] - 1;
                    }
                    assertArrayEquals(base[t], model.encode(prefix), 2e-5f, cell + ": heap state after " + (t + 1));
                }
            }
        }
    }

    @Test
    void overfitsATinyDataSetWithEitherLoss() {
        for (String loss : new String[] {"sampled", "ce"}) {
            Gru4RecModel model = fitted(loss);
            int right = 0;
            for (int start = 0; start < ITEMS; start++) {
                int a = start;
                int b = (start + 1) % ITEMS;
                int c = (start + 2) % ITEMS;
                List<ScoredItem> top = model.recommend(UserHistory.ofItems(-1, a, b, c), 1, Set.of(a, b, c)::contains);
                if (top.get(0).item() == (start + 3) % ITEMS) {
                    right++;
                }
            }
            assertTrue(right >= 11, loss + ": predicted the next item of the cycle for only " + right + " of 12");
        }
    }

    @Test
    void explainReportsTheEventsWhoseRemovalLowersTheScoreMost() {
        Gru4RecModel model = fitted("ce");
        UserHistory h = UserHistory.ofItems(-1, 9, 2, 3, 4);
        Explanation e = model.explain(h, 5);
        float[] all = new float[ITEMS];
        model.scoreAll(h, all);
        assertEquals(all[5], e.score(), 0f);
        assertFalse(e.evidence().isEmpty());
        assertTrue(e.evidence().size() <= Gru4RecModel.EVIDENCE);
        for (Evidence ev : e.evidence()) {
            assertTrue(ev.weight() > 0);
        }
        assertEquals(4, e.evidence().get(0).item(), "the last item decides the next one of a cycle: " + e);
        float[] without = new float[ITEMS];
        model.scoreAll(UserHistory.ofItems(-1, 9, 2, 3), without);
        assertEquals(all[5] - without[5], e.evidence().get(0).weight(), 1e-5);
        assertTrue(model.explain(UserHistory.ofItems(-1), 5).evidence().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> model.explain(h, 12));
    }

    @Test
    void saveAndLoadGiveIdenticalScores(@TempDir Path dir) {
        InteractionStore all = cycles();
        Split split = new LeaveOneOut().split(all);
        TrainingData d = new TrainingData(split.train(), ItemCatalog.empty(ITEMS), "cycles/loo",
                new TrainingData.Validation(split, Protocol.parse("loo-full")));
        Gru4RecModel model = new Gru4RecTrainer(params(Map.of("cell", "lstm", "validEvery", "1"))).train(d);
        Path file = dir.resolve("m.bin");
        model.save(file);
        Gru4RecModel back = (Gru4RecModel) Algorithms.load(file);
        UserHistory h = UserHistory.ofItems(3, 1, 2, 3, 99, 4);
        float[] a = new float[ITEMS];
        float[] b = new float[ITEMS];
        model.scoreAll(h, a);
        back.scoreAll(h, b);
        assertArrayEquals(a, b, 0f);
        assertEquals(model.provenance(), back.provenance());
        assertTrue(model.weights().sameAs(back.weights()));
        float[] c = new float[3];
        back.score(h, new int[] {0, -1, 11}, c);
        assertEquals(a[0], c[0], 0f);
        assertTrue(Float.isNaN(c[1]));
        assertEquals(a[11], c[2], 0f);
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        TrainingData d = whole(cycles());
        Gru4RecModel a = new Gru4RecTrainer(params(Map.of("epochs", "2"))).train(d);
        Gru4RecModel b = new Gru4RecTrainer(params(Map.of("epochs", "2"))).train(d);
        assertTrue(a.weights().sameAs(b.weights()));
        Gru4RecModel c = new Gru4RecTrainer(params(Map.of("epochs", "2", "seed", "3"))).train(d);
        assertFalse(a.weights().sameAs(c.weights()));
    }

    @Test
    void badParametersFailWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gru4RecParams.from(Map.of("cell", "rnn")));
        assertTrue(e.getMessage().contains("cell=rnn"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gru4RecParams.from(Map.of("loss", "bpr")));
        assertTrue(e.getMessage().contains("loss=bpr"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gru4RecParams.from(Map.of("negatives", "0")));
        assertTrue(e.getMessage().contains("negatives=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gru4RecParams.from(Map.of("layers", "2")));
        assertTrue(e.getMessage().contains("unknown parameter 'layers'"), e.getMessage());
    }
}
