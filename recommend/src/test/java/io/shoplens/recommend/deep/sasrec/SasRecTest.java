package io.shoplens.recommend.deep.sasrec;

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
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.split.LeaveOneOut;
import io.shoplens.core.split.Split;
import io.shoplens.recommend.Algorithms;
import io.shoplens.recommend.deep.train.EpochReport;
import io.shoplens.recommend.deep.train.NativeWeights;
import io.shoplens.recommend.deep.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SasRecTest {
    private static final int ITEMS = 12;

    /**
     * 48 users walking a deterministic cycle over 12 items: each user starts at a random item and moves to the
     * next one (mod 12) 6 to 9 times, so the next item is a function of the last one.
     */
    static InteractionStore cycles() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
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

    static SasRecParams params(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("maxLen", "8");
        m.put("hidden", "16");
        m.put("blocks", "2");
        m.put("heads", "2");
        m.put("dropout", "0.1");
        m.put("epochs", "3");
        m.put("batchSize", "16");
        m.put("learningRate", "0.01");
        m.put("validEvery", "0");
        m.put("threads", "1");
        m.put("device", "cpu");
        m.put("log", "false");
        m.putAll(extra);
        return SasRecParams.from(m);
    }

    private static TrainingData data(InteractionStore all) {
        Split split = new LeaveOneOut().split(all);
        return new TrainingData(split.train(), ItemCatalog.empty(all.numItems()), "cycles/loo",
                new TrainingData.Validation(split, Protocol.parse("loo-full")));
    }

    /** Hidden states of one sequence (shifted ids, 0 = padding), L×d. */
    private static float[][] hidden(SasRecNetwork net, NativeWeights w, long[] seq) {
        int l = net.maxLen();
        try (NDManager m = w.manager().newSubManager(); NDScope scope = new NDScope()) {
            NDArray h = net.forward(w.arrays(), net.inputs(m, seq, 1), false, null);
            assertEquals(new Shape(1, l, net.hidden()), h.getShape());
            float[] flat = h.toFloatArray();
            float[][] out = new float[l][];
            for (int t = 0; t < l; t++) {
                out[t] = java.util.Arrays.copyOfRange(flat, t * net.hidden(), (t + 1) * net.hidden());
            }
            scope.suppressNotUsedWarning();
            return out;
        }
    }

    @Test
    void attentionIsCausalAFutureItemNeverChangesEarlierPositions() {
        for (String heads : new String[] {"1", "2"}) {
            SasRecParams p = params(Map.of("heads", heads));
            SasRecModel model = new SasRecTrainer(p).train(data(cycles()));
            SasRecNetwork net = new SasRecNetwork(p);
            try (NativeWeights w = new NativeWeights(model.weights())) {
                long[] seq = {0, 0, 3, 4, 5, 6, 7, 8};
                float[][] base = hidden(net, w, seq);
                for (int changed = 2; changed < 8; changed++) {
                    long[] other = seq.clone();
                    other[changed] = 1 + (other[changed] + 4) % ITEMS;
                    float[][] h = hidden(net, w, other);
                    for (int t = 0; t < changed; t++) {
                        assertArrayEquals(base[t], h[t], 0f, "position " + t + " saw item changed at " + changed);
                    }
                    assertNotEquals(base[changed][0], h[changed][0], "the changed position itself must change");
                }
            }
            model.close();
        }
    }

    @Test
    void lastAttentionCoversOnlyTheRealHistoryAndSumsToOne() {
        SasRecModel model = new SasRecTrainer(params(Map.of())).train(data(cycles()));
        float[] att = model.lastAttention(UserHistory.ofItems(0, 4, 5, 6));
        assertEquals(3, att.length);
        double sum = 0;
        for (float a : att) {
            assertTrue(a >= 0);
            sum += a;
        }
        assertEquals(1.0, sum, 1e-5);
        Explanation e = model.explain(UserHistory.ofItems(0, 4, 5, 6, 5), 7);
        assertEquals(3, e.evidence().size(), "item 5 appears twice and is one piece of evidence");
        assertEquals(1.0, e.evidence().stream().mapToDouble(x -> x.weight()).sum(), 1e-5);
        float[] all = new float[ITEMS];
        model.scoreAll(UserHistory.ofItems(0, 4, 5, 6, 5), all);
        assertEquals(all[7], e.score(), 1e-6);
        model.close();
    }

    @Test
    void overfitsATinyDataSetWithEveryLoss() {
        InteractionStore all = cycles();
        for (String loss : SasRecParams.LOSSES) {
            SasRecModel model = new SasRecTrainer(params(Map.of("loss", loss, "epochs", "60", "dropout", "0",
                    "negatives", "4")))
                    .train(new TrainingData(all, ItemCatalog.empty(ITEMS), "cycles"));
            int right = 0;
            for (int start = 0; start < ITEMS; start++) {
                UserHistory h = UserHistory.ofItems(0, start, (start + 1) % ITEMS, (start + 2) % ITEMS);
                java.util.Set<Integer> seen = java.util.Set.of(start, (start + 1) % ITEMS, (start + 2) % ITEMS);
                List<ScoredItem> top = model.recommend(h, 1, seen::contains);
                if (top.get(0).item() == (start + 3) % ITEMS) {
                    right++;
                }
            }
            assertTrue(right >= 11, loss + ": predicted the next item of the cycle for only " + right + " of 12");
            model.close();
        }
    }

    @Test
    void saveAndLoadGiveIdenticalScores(@TempDir Path dir) {
        SasRecModel model = new SasRecTrainer(params(Map.of())).train(data(cycles()));
        Path file = dir.resolve("m.bin");
        model.save(file);
        SasRecModel back = (SasRecModel) Algorithms.load(file);
        UserHistory h = UserHistory.ofItems(3, 1, 2, 3, 4);
        float[] a = new float[ITEMS];
        float[] b = new float[ITEMS];
        model.scoreAll(h, a);
        back.scoreAll(h, b);
        assertArrayEquals(a, b, 0f);
        assertEquals(model.provenance(), back.provenance());
        assertTrue(model.weights().sameAs(back.weights()));
        int[] cands = {0, 5, 11};
        float[] c = new float[3];
        back.score(h, cands, c);
        assertEquals(a[5], c[1], 0f);
        model.close();
        back.close();
    }

    @Test
    void preparedUsersScoreExactlyAsTheModel() {
        TrainingData d = data(cycles());
        SasRecModel model = new SasRecTrainer(params(Map.of())).train(d);
        int[] users = {0, 5, 7};
        var view = model.prepare(d.events(), users);
        for (int u : users) {
            float[] a = new float[ITEMS];
            float[] b = new float[ITEMS];
            model.scoreAll(d.events().history(u), a);
            view.scoreAll(d.events().history(u), b);
            assertArrayEquals(a, b, 1e-5f);
        }
        model.close();
    }

    @Test
    void resumingFromACheckpointEqualsAnUninterruptedRun(@TempDir Path dir) {
        TrainingData d = data(cycles());
        Map<String, String> common = new HashMap<>();
        common.put("epochs", "4");
        common.put("validEvery", "1");
        common.put("loss", "bce");
        common.put("checkpointDir", dir.resolve("a").toString());
        SasRecModel straight = new SasRecTrainer(params(common)).train(d);
        common.put("checkpointDir", dir.resolve("b").toString());
        SasRecParams p = params(common);
        TrainingListener crash = new TrainingListener() {
            @Override
            public void onEpoch(EpochReport r) {
                if (r.epoch() == 2) {
                    throw new IllegalStateException("simulated interruption");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> new SasRecTrainer(p, crash).train(d));
        assertTrue(Files.exists(dir.resolve("b").resolve("sasrec.checkpoint")));
        SasRecModel resumed = new SasRecTrainer(p).train(d);
        assertTrue(straight.weights().sameAs(resumed.weights()), "resumed SASRec differs from the uninterrupted run");
        straight.close();
        resumed.close();
    }

    @Test
    void badParametersFailWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SasRecParams.from(Map.of("hidden", "10", "heads", "3")));
        assertTrue(e.getMessage().contains("hidden=10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SasRecParams.from(Map.of("loss", "mse")));
        assertTrue(e.getMessage().contains("loss=mse"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SasRecParams.from(Map.of("negatives", "0")));
        assertTrue(e.getMessage().contains("negatives=0"), e.getMessage());
        assertFalse(SasRecParams.from(Map.of("loss", "ce")).networkKey().contains("negatives"),
                "checkpoints of the losses without drawn negatives keep their key");
        assertTrue(SasRecParams.from(Map.of("loss", "sampled", "negatives", "7")).networkKey()
                .contains("negatives=7"));
        e = assertThrows(IllegalArgumentException.class, () -> SasRecParams.from(Map.of("heat", "1")));
        assertTrue(e.getMessage().contains("unknown parameter 'heat'"), e.getMessage());
    }
}
