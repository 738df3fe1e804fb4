package io.shoplens.recommend.deep.multvae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.memory.MemoryGuard;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.split.LeaveOneOut;
import io.shoplens.core.split.Split;
import io.shoplens.recommend.Algorithms;
import io.shoplens.recommend.common.ItemCap;
import io.shoplens.recommend.deep.infer.ItemWeightsFile;
import io.shoplens.recommend.deep.train.ItemSampler;
import io.shoplens.recommend.deep.train.EpochReport;
import io.shoplens.recommend.deep.train.NativeWeights;
import io.shoplens.recommend.deep.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultVaeTest {
    private static final int ITEMS = 12;
    private static final int GROUP = 4;

    /**
     * 60 users, each taking 3 or 4 items of one of three groups of four items (0-3, 4-7, 8-11); item ids are their
     * indexes.
     */
    static InteractionStore groups() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (int i = 0; i < ITEMS; i++) {
            b.items().intern(i);
        }
        SplittableRandom rnd = new SplittableRandom(5);
        long t = 1_500_000_000L;
        for (int u = 0; u < 60; u++) {
            int g = u % 3;
            int n = 3 + rnd.nextInt(2);
            int start = rnd.nextInt(GROUP);
            for (int k = 0; k < n; k++) {
                b.event(u, g * GROUP + (start + k) % GROUP, 1, Behavior.PV, t++);
            }
        }
        return b.build();
    }

    static MultVaeParams params(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("hidden", "16");
        m.put("latent", "8");
        m.put("dropout", "0.2");
        m.put("annealEpochs", "4");
        m.put("epochs", "6");
        m.put("batchSize", "16");
        m.put("learningRate", "0.01");
        m.put("validEvery", "0");
        m.put("threads", "1");
        m.put("device", "cpu");
        m.put("log", "false");
        m.putAll(extra);
        return MultVaeParams.from(m);
    }

    private static TrainingData split(InteractionStore all) {
        Split split = new LeaveOneOut().split(all);
        return new TrainingData(split.train(), ItemCatalog.empty(all.numItems()), "groups/loo",
                new TrainingData.Validation(split, Protocol.parse("loo-full")));
    }

    private static TrainingData whole(InteractionStore all) {
        return new TrainingData(all, ItemCatalog.empty(all.numItems()), "groups");
    }

    @Test
    void theEngineForwardHasTheRightShapesAndTheHeapScoringMatchesIt() {
        MultVaeParams p = params(Map.of());
        MultVaeModel model = new MultVaeTrainer(p).train(whole(groups()));
        MultVaeNetwork net = new MultVaeNetwork(p);
        int[][] bags = {{0, 1, 2}, {5}, {}, {4, 9, 11}};
        try (NativeWeights w = new NativeWeights(model.weights());
             NDManager m = w.manager().newSubManager(); NDScope scope = new NDScope()) {
            NDArray x = MultVaeNetwork.input(m, bags, ITEMS, 0, null);
            MultVaeNetwork.Output o = net.forward(w.arrays(), x, null);
            assertEquals(new Shape(4, ITEMS), o.logits().getShape());
            assertEquals(new Shape(4, 8), o.mu().getShape());
            assertEquals(new Shape(4, 8), o.logvar().getShape());
            float[] engine = o.logits().toFloatArray();
            for (int r = 0; r < bags.length; r++) {
                float[] heap = new float[ITEMS];
                model.scoreAll(UserHistory.ofItems(r, bags[r]), heap);
                for (int i = 0; i < ITEMS; i++) {
                    assertEquals(engine[r * ITEMS + i], heap[i], 1e-4f, "user " + r + " item " + i);
                }
            }
            scope.suppressNotUsedWarning();
        }
    }

    @Test
    void theSparseInputKeepsItsValuesAfterTheJavaBuffersAreCollected() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 500;
        try (NDManager root = NDManager.newBaseManager(io.shoplens.recommend.deep.train.Fitter.ENGINE)) {
            NDArray ids = root.arange(0f, (float) n).reshape(n, 1);
            for (int round = 0; round < 5; round++) {
                try (NDManager m = root.newSubManager()) {
                    int[][] bags = new int[40][];
                    for (int r = 0; r < bags.length; r++) {
                        bags[r] = rnd.ints(1 + rnd.nextInt(9), 0, n).distinct().sorted().toArray();
                    }
                    NDArray x = MultVaeNetwork.input(m, bags, n, 0, null);
                    for (int k = 0; k < 20; k++) {
                        m.create(new float[50_000]);
                    }
                    System.gc();
                    float[] y = x.matMul(ids).toFloatArray();
                    for (int r = 0; r < bags.length; r++) {
                        double expected = java.util.Arrays.stream(bags[r]).sum() / Math.sqrt(bags[r].length);
                        assertEquals(expected, y[r], 1e-3 * expected + 1e-3, "round " + round + " row " + r);
                    }
                }
            }
        }
    }

    @Test
    void overfitsATinyDataSetTheMissingItemOfTheGroupRanksFirst() {
        MultVaeModel model = new MultVaeTrainer(params(Map.of("epochs", "120", "batchSize", "30", "learningRate",
                "0.02", "dropout", "0", "betaCap", "0.05"))).train(whole(groups()));
        int right = 0;
        for (int g = 0; g < 3; g++) {
            for (int missing = 0; missing < GROUP; missing++) {
                int[] three = new int[GROUP - 1];
                for (int k = 1; k < GROUP; k++) {
                    three[k - 1] = g * GROUP + (missing + k) % GROUP;
                }
                Set<Integer> seen = java.util.Arrays.stream(three).boxed().collect(java.util.stream.Collectors.toSet());
                List<ScoredItem> top = model.recommend(UserHistory.ofItems(-1, three), 1, seen::contains);
                if (top.get(0).item() == g * GROUP + missing) {
                    right++;
                }
            }
        }
        assertEquals(12, right, "the missing item of the user's group must rank first for every triple");
    }

    @Test
    void scoresDependOnlyOnTheSetOfItemsSoUnknownUsersFoldIn() {
        MultVaeModel model = new MultVaeTrainer(params(Map.of())).train(whole(groups()));
        float[] known = new float[ITEMS];
        float[] unknown = new float[ITEMS];
        model.scoreAll(UserHistory.ofItems(3, 4, 5, 4, 6), known);
        model.scoreAll(UserHistory.ofItems(-1, 6, 5, 4, 99), unknown);
        assertArrayEquals(known, unknown, 0f);
        float[] c = new float[3];
        model.score(UserHistory.ofItems(-1, 4, 5, 6), new int[] {7, -2, 0}, c);
        assertEquals(known[7], c[0], 0f);
        assertTrue(Float.isNaN(c[1]));
        assertEquals(known[0], c[2], 0f);
    }

    @Test
    void explainReportsTheHistoryItemsWhoseRemovalLowersTheScoreMost() {
        MultVaeModel model = new MultVaeTrainer(params(Map.of("epochs", "60", "dropout", "0"))).train(whole(groups()));
        UserHistory h = UserHistory.ofItems(-1, 0, 1, 9);
        Explanation e = model.explain(h, 2);
        float[] all = new float[ITEMS];
        model.scoreAll(h, all);
        assertEquals(all[2], e.score(), 0f);
        assertFalse(e.evidence().isEmpty());
        assertTrue(e.evidence().size() <= MultVaeModel.EVIDENCE);
        for (Evidence ev : e.evidence()) {
            float[] without = new float[ITEMS];
            int[] rest = java.util.Arrays.stream(h.items()).filter(i -> i != ev.item()).toArray();
            model.scoreAll(UserHistory.ofItems(-1, rest), without);
            assertEquals(all[2] - without[2], ev.weight(), 1e-5);
        }
        assertTrue(e.evidence().get(0).item() < GROUP, "an item of the target's group supports it most: " + e);
        assertTrue(model.explain(UserHistory.ofItems(-1), 2).evidence().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> model.explain(h, ITEMS));
    }

    @Test
    void saveAndLoadGiveIdenticalScores(@TempDir Path dir) {
        MultVaeModel model = new MultVaeTrainer(params(Map.of())).train(split(groups()));
        Path file = dir.resolve("m.bin");
        model.save(file);
        MultVaeModel back = (MultVaeModel) Algorithms.load(file);
        UserHistory h = UserHistory.ofItems(3, 1, 2, 3);
        float[] a = new float[ITEMS];
        float[] b = new float[ITEMS];
        model.scoreAll(h, a);
        back.scoreAll(h, b);
        assertArrayEquals(a, b, 0f);
        assertEquals(model.provenance(), back.provenance());
        assertTrue(model.weights().sameAs(back.weights()));
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndResumingEqualsAnUninterruptedRun(@TempDir Path dir) {
        TrainingData d = split(groups());
        Map<String, String> common = new HashMap<>();
        common.put("validEvery", "1");
        common.put("checkpointDir", dir.resolve("a").toString());
        MultVaeModel straight = new MultVaeTrainer(params(common)).train(d);
        MultVaeModel again = new MultVaeTrainer(params(Map.of("validEvery", "1"))).train(d);
        assertTrue(straight.weights().sameAs(again.weights()), "same seed, different weights");
        common.put("checkpointDir", dir.resolve("b").toString());
        MultVaeParams p = params(common);
        TrainingListener crash = new TrainingListener() {
            @Override
            public void onEpoch(EpochReport r) {
                if (r.epoch() == 3) {
                    throw new IllegalStateException("simulated interruption");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> new MultVaeTrainer(p, crash).train(d));
        assertTrue(Files.exists(dir.resolve("b").resolve("multvae.checkpoint")));
        MultVaeModel resumed = new MultVaeTrainer(p).train(d);
        assertTrue(straight.weights().sameAs(resumed.weights()), "resumed Mult-VAE (annealed β) differs from the "
                + "uninterrupted run");
        MultVaeModel otherSeed = new MultVaeTrainer(params(Map.of("seed", "43"))).train(d);
        assertFalse(straight.weights().sameAs(otherSeed.weights()));
    }

    /** The cap of the {@code maxItems} items with the most users of {@code store}. */
    private static ItemCap expectedCap(InteractionStore store, int maxItems) {
        return ItemCap.mostPopular(store.numItems(), ItemSampler.positives(store), maxItems);
    }

    @Test
    void aCappedModelCoversTheMostPopularItemsAndTheOthersScoreLowestAndAreNeverRecommended() {
        InteractionStore all = groups();
        MultVaeModel model = new MultVaeTrainer(params(Map.of("maxItems", "8"))).train(whole(all));
        ItemCap cap = expectedCap(all, 8);
        assertEquals(ITEMS, model.numItems());
        assertEquals(8, model.modelItems());
        assertEquals(8, model.weights().get("enc.weight").dim(0));
        assertEquals(8, model.weights().get("out.bias").dim(0));
        for (int i = 0; i < ITEMS; i++) {
            assertEquals(cap.local(i), model.cap().local(i), "item " + i);
        }
        int outside = -1;
        for (int i = 0; i < ITEMS && outside < 0; i++) {
            outside = cap.local(i) < 0 ? i : -1;
        }
        int[] candidates = java.util.stream.IntStream.range(0, ITEMS).toArray();
        for (UserHistory h : new UserHistory[] {UserHistory.ofItems(-1, 0, 1, 2), UserHistory.ofItems(-1, outside),
                UserHistory.ofItems(7, 4, 5, outside, 9)}) {
            float[] s = new float[ITEMS];
            model.scoreAll(h, s);
            float[] c = new float[ITEMS];
            model.score(h, candidates, c);
            assertArrayEquals(s, c, 0f);
            for (int i = 0; i < ITEMS; i++) {
                if (cap.local(i) < 0) {
                    assertEquals(ItemCap.OUTSIDE_SCORE, s[i], 0f, "item " + i + " is outside the cap");
                } else {
                    assertTrue(Float.isFinite(s[i]) && s[i] > ItemCap.OUTSIDE_SCORE, "item " + i + ": " + s[i]);
                }
            }
            Set<Integer> seen = java.util.Arrays.stream(h.items()).boxed().collect(java.util.stream.Collectors.toSet());
            for (ScoredItem r : model.recommend(h, 4, seen::contains)) {
                assertTrue(cap.local(r.item()) >= 0, "recommended item " + r.item() + " is outside the cap");
            }
            List<ScoredItem> every = model.recommend(h, ITEMS, null);
            assertEquals(8, every.size(), "only the items of the cap are recommended: " + every);
        }
        float[] alone = new float[ITEMS];
        float[] none = new float[ITEMS];
        model.scoreAll(UserHistory.ofItems(-1, outside), alone);
        model.scoreAll(UserHistory.ofItems(-1), none);
        assertArrayEquals(none, alone, 0f, "history items outside the cap are skipped");
        Explanation e = model.explain(UserHistory.ofItems(-1, 0, 1), outside);
        assertEquals(ItemCap.OUTSIDE_SCORE, e.score(), 0f);
        assertTrue(e.evidence().isEmpty());
        assertTrue(e.summary().contains("not among the 8 most popular items"), e.summary());
        int inside = cap.item(0);
        UserHistory h = UserHistory.ofItems(-1, cap.item(1), cap.item(2), outside);
        float[] s = new float[ITEMS];
        model.scoreAll(h, s);
        Explanation in = model.explain(h, inside);
        assertEquals(s[inside], in.score(), 0f);
        for (Evidence ev : in.evidence()) {
            assertTrue(cap.local(ev.item()) >= 0 && ev.item() != outside, ev.toString());
        }
        assertEquals("8", model.provenance().params().get("maxItems"));
    }

    @Test
    void saveAndLoadKeepTheCapWithIdenticalScores(@TempDir Path dir) {
        InteractionStore all = groups();
        MultVaeModel model = new MultVaeTrainer(params(Map.of("maxItems", "6"))).train(split(all));
        Path file = dir.resolve("capped.bin");
        model.save(file);
        MultVaeModel back = (MultVaeModel) Algorithms.load(file);
        assertEquals(6, back.modelItems());
        assertEquals(ITEMS, back.numItems());
        for (int i = 0; i < ITEMS; i++) {
            assertEquals(model.cap().local(i), back.cap().local(i), "item " + i);
        }
        for (UserHistory h : new UserHistory[] {UserHistory.ofItems(3, 1, 2, 3), UserHistory.ofItems(-1, 4, 9, 11)}) {
            float[] a = new float[ITEMS];
            float[] b = new float[ITEMS];
            model.scoreAll(h, a);
            back.scoreAll(h, b);
            assertArrayEquals(a, b, 0f);
        }
        assertEquals(model.provenance(), back.provenance());
        assertTrue(model.weights().sameAs(back.weights()));
    }

    @Test
    void aFileSavedBeforeMaxItemsExistedLoadsOverEveryItem(@TempDir Path dir) {
        MultVaeModel model = new MultVaeTrainer(params(Map.of())).train(whole(groups()));
        Provenance p = model.provenance();
        Map<String, String> before = new HashMap<>(p.params());
        before.remove("maxItems");
        Path file = dir.resolve("old.bin");
        ItemWeightsFile.write(file, new Provenance(p.algorithm(), before, p.dataFingerprint(), p.seed(),
                p.version(), p.trainedAt(), p.trainSeconds()), ITEMS, model.weights());
        MultVaeModel back = MultVaeModel.load(file);
        assertFalse(back.cap().capped());
        float[] a = new float[ITEMS];
        float[] b = new float[ITEMS];
        model.scoreAll(UserHistory.ofItems(-1, 1, 5), a);
        back.scoreAll(UserHistory.ofItems(-1, 1, 5), b);
        assertArrayEquals(a, b, 0f);
    }

    /** 50 users with three items each among 5,000 items: a shape whose item dimension dominates. */
    private static TrainingData wide() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (int i = 0; i < 5000; i++) {
            b.items().intern(i);
        }
        long t = 1_500_000_000L;
        for (int u = 0; u < 50; u++) {
            for (int k = 0; k < 3; k++) {
                b.event(u, (u * 97 + k * 1013) % 5000, 1, Behavior.PV, t++);
            }
        }
        InteractionStore s = b.build();
        return new TrainingData(s, ItemCatalog.empty(s.numItems()), "wide");
    }

    private static MemoryEstimate estimate(String maxItems, String batchSize) {
        return new MultVaeTrainer(MultVaeParams.from(Map.of("maxItems", maxItems, "batchSize", batchSize)))
                .estimate(wide());
    }

    private static long suggested(String refusal, String param) {
        Matcher m = Pattern.compile(param + "=(\\d+)").matcher(refusal);
        assertTrue(m.find(), refusal);
        return Long.parseLong(m.group(1));
    }

    @Test
    void theMemoryEstimateUsesTheCapAndARefusalNamesTheCapAndTheBatchThatFit() {
        MemoryEstimate full = estimate("0", "20000");
        MemoryEstimate capped = estimate("1000", "20000");
        assertEquals(full.nativeBytes(), estimate("5000", "20000").nativeBytes());
        assertEquals(full.nativeBytes(), estimate("9000", "20000").nativeBytes(), "a cap above the items is no cap");
        assertTrue(capped.nativeBytes() < full.nativeBytes() / 2, capped.nativeBreakdown() + " vs "
                + full.nativeBreakdown());
        assertTrue(capped.bytes() < full.bytes(), capped.breakdown() + " vs " + full.breakdown());
        long available = full.nativeBytes() / 2;
        long heap = 100L * full.bytes();
        String refusal = MemoryGuard.nativeRefusal(full, available, heap);
        assertFalse(refusal.contains("\n"), refusal);
        assertTrue(refusal.startsWith("multvae needs about"), refusal);
        long items = suggested(refusal, "maxItems");
        long batch = suggested(refusal, "batchSize");
        assertTrue(items >= 1000 && items < 5000, refusal);
        assertTrue(batch >= 1 && batch < 20000, refusal);
        assertTrue(estimate(Long.toString(items), "20000").nativeBytes() <= available, refusal);
        assertTrue(estimate("0", Long.toString(batch)).nativeBytes() <= available, refusal);
        assertNull(MemoryGuard.nativeRefusal(capped, available, heap), "the capped model fits where the full one "
                + "is refused");
        long max = (long) (capped.bytes() / 0.9);
        String heapRefusal = MemoryGuard.refusal(estimate("0", "500"), max, 0);
        assertTrue(heapRefusal.contains("it fits with maxItems="), heapRefusal);
        assertFalse(heapRefusal.contains("batchSize="), heapRefusal);
        assertNull(MemoryGuard.refusal(estimate("1000", "500"), max, 0));
    }

    @Test
    void betaRisesLinearlyToItsCap() {
        MultVaeParams p = params(Map.of("betaCap", "0.2", "annealEpochs", "4"));
        assertEquals(0, p.beta(0, 10), 0);
        assertEquals(0.1, p.beta(20, 10), 1e-12);
        assertEquals(0.2, p.beta(40, 10), 1e-12);
        assertEquals(0.2, p.beta(400, 10), 1e-12);
        assertEquals(0.2, params(Map.of("annealEpochs", "0")).beta(0, 10), 1e-12);
    }

    @Test
    void badParametersFailWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultVaeParams.from(Map.of("dropout", "1")));
        assertTrue(e.getMessage().contains("dropout=1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultVaeParams.from(Map.of("latent", "0")));
        assertTrue(e.getMessage().contains("latent=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultVaeParams.from(Map.of("maxItems", "-1")));
        assertTrue(e.getMessage().contains("maxItems=-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultVaeParams.from(Map.of("maxItems", "x")));
        assertTrue(e.getMessage().contains("maxItems=x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MultVaeParams(600, 200, 0.5, 0.2, 20, -3,
                MultVaeParams.defaults().training()));
        assertTrue(e.getMessage().contains("maxItems=-3"), e.getMessage());
        assertEquals("0", MultVaeParams.defaults().asMap().get("maxItems"));
        assertEquals(250, MultVaeParams.from(Map.of("maxItems", "250")).maxItems());
        e = assertThrows(IllegalArgumentException.class, () -> MultVaeParams.from(Map.of("beta", "1")));
        assertTrue(e.getMessage().contains("unknown parameter 'beta'"), e.getMessage());
    }
}
