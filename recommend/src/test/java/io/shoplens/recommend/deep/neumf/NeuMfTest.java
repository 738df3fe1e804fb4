package io.shoplens.recommend.deep.neumf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.split.LeaveOneOut;
import io.shoplens.core.split.Split;
import io.shoplens.recommend.Algorithms;
import io.shoplens.recommend.common.ItemCap;
import io.shoplens.recommend.deep.train.ItemSampler;
import io.shoplens.recommend.deep.train.NativeWeights;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeuMfTest {
    private static final int ITEMS = 12;
    private static final int GROUP = 4;

    /**
     * 60 users, each taking 3 or 4 items of one of three groups of four items (0-3, 4-7, 8-11); user u is in group
     * u mod 3; user and item ids are their indexes.
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

    static NeuMfParams params(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("factors", "4");
        m.put("layers", "8,8,4");
        m.put("epochs", "4");
        m.put("batchSize", "32");
        m.put("learningRate", "0.02");
        m.put("validEvery", "0");
        m.put("threads", "1");
        m.put("device", "cpu");
        m.put("log", "false");
        m.putAll(extra);
        return NeuMfParams.from(m);
    }

    private static TrainingData whole(InteractionStore all) {
        return new TrainingData(all, ItemCatalog.empty(all.numItems()), "groups");
    }

    private static NeuMfModel fitted;

    /** One model trained to convergence on all of {@link #groups()}, shared by the tests that only read it. */
    private static synchronized NeuMfModel fitted() {
        if (fitted == null) {
            fitted = new NeuMfTrainer(params(Map.of("epochs", "30", "batchSize", "64", "learningRate", "0.03")))
                    .train(whole(groups()));
        }
        return fitted;
    }

    @Test
    void theEngineForwardHasTheRightShapeAndTheHeapScoringMatchesIt() {
        NeuMfParams p = params(Map.of());
        NeuMfModel model = new NeuMfTrainer(p).train(whole(groups()));
        NeuMfNetwork net = new NeuMfNetwork(p);
        long[] users = {0, 0, 7, 59};
        long[] items = {0, 11, 5, 3};
        try (NativeWeights w = new NativeWeights(model.weights());
             NDManager m = w.manager().newSubManager(); NDScope scope = new NDScope()) {
            NDArray logit = net.forward(w.arrays(), m.create(users), m.create(items));
            assertEquals(new Shape(4), logit.getShape());
            float[] engine = logit.toFloatArray();
            for (int r = 0; r < users.length; r++) {
                float[] heap = new float[ITEMS];
                model.scoreAll(UserHistory.ofItems((int) users[r]), heap);
                assertEquals(engine[r], heap[(int) items[r]], 1e-5f, "pair " + r);
                float[] one = new float[1];
                model.score(UserHistory.ofItems((int) users[r]), new int[] {(int) items[r]}, one);
                assertEquals(heap[(int) items[r]], one[0], 0f);
            }
            scope.suppressNotUsedWarning();
        }
    }

    @Test
    void overfitsATinyDataSetEveryUserRanksItsItemsAboveTheOtherGroups() {
        InteractionStore all = groups();
        NeuMfModel model = fitted();
        for (int u = 0; u < all.numUsers(); u++) {
            float[] s = new float[ITEMS];
            model.scoreAll(all.history(u), s);
            int g = u % 3;
            float worstOwn = Float.MAX_VALUE;
            for (int i : all.userItems(u)) {
                worstOwn = Math.min(worstOwn, s[i]);
            }
            for (int i = 0; i < ITEMS; i++) {
                if (i / GROUP != g) {
                    assertTrue(s[i] < worstOwn, "user " + u + ": item " + i + " of another group scores " + s[i]
                            + ", above the user's own " + worstOwn);
                }
            }
        }
    }

    @Test
    void knownUsersIgnoreTheGivenHistoryAndOthersAreFoldedIn() {
        NeuMfModel model = fitted();
        float[] a = new float[ITEMS];
        float[] b = new float[ITEMS];
        model.scoreAll(UserHistory.ofItems(4), a);
        model.scoreAll(UserHistory.ofItems(4, 0, 1, 2), b);
        assertArrayEquals(a, b, 0f);
        float[] unknown = new float[ITEMS];
        float[] outside = new float[ITEMS];
        model.scoreAll(UserHistory.ofItems(-1, 8, 9, 10, 8), unknown);
        model.scoreAll(UserHistory.ofItems(500, 10, 9, 8, 77), outside);
        assertArrayEquals(unknown, outside, 0f, "the fold-in uses the set of known items only");
        float[] empty = new float[ITEMS];
        model.scoreAll(UserHistory.ofItems(-1), empty);
        assertFalse(java.util.Arrays.equals(empty, unknown));
        int best = 0;
        for (int i = 1; i < ITEMS; i++) {
            if (i != 8 && i != 9 && i != 10 && unknown[i] > unknown[best]) {
                best = i;
            }
        }
        assertEquals(11, best, "the folded-in user's best unseen item is the rest of its group");
    }

    @Test
    void explainSplitsTheLogitIntoTheTowersAndNamesSimilarHistoryItems() {
        NeuMfModel model = fitted();
        UserHistory h = UserHistory.ofItems(-1, 0, 1, 2);
        Explanation e = model.explain(h, 3);
        float[] all = new float[ITEMS];
        model.scoreAll(h, all);
        assertEquals(all[3], e.score(), 0f);
        double towers = 0;
        int items = 0;
        for (Evidence ev : e.evidence()) {
            if (ev.kind().equals("gmf") || ev.kind().equals("mlp")) {
                towers += ev.weight();
            } else {
                assertEquals("history-item", ev.kind());
                assertTrue(ev.item() >= 0 && ev.item() <= 2, ev.toString());
                items++;
            }
        }
        float bias = model.weights().get("out.bias").values()[0];
        assertEquals(all[3], towers + bias, 1e-4);
        assertTrue(items <= NeuMfModel.EVIDENCE_ITEMS);
        assertTrue(e.summary().contains("folded in from the users of 3 history items"), e.summary());
        assertThrows(IllegalArgumentException.class, () -> model.explain(h, -1));
    }

    @Test
    void saveAndLoadGiveIdenticalScores(@TempDir Path dir) {
        InteractionStore all = groups();
        Split split = new LeaveOneOut().split(all);
        TrainingData d = new TrainingData(split.train(), ItemCatalog.empty(ITEMS), "groups/loo",
                new TrainingData.Validation(split, Protocol.parse("loo-full")));
        NeuMfModel model = new NeuMfTrainer(params(Map.of("validEvery", "2"))).train(d);
        Path file = dir.resolve("m.bin");
        model.save(file);
        NeuMfModel back = (NeuMfModel) Algorithms.load(file);
        for (UserHistory h : new UserHistory[] {UserHistory.ofItems(3), UserHistory.ofItems(-1, 4, 5)}) {
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
    void aCappedModelCoversTheMostPopularItemsAndTheOthersScoreLowestAndAreNeverRecommended() {
        InteractionStore all = groups();
        NeuMfModel model = new NeuMfTrainer(params(Map.of("maxItems", "8", "sampling", "popularity")))
                .train(whole(all));
        ItemCap cap = ItemCap.mostPopular(ITEMS, ItemSampler.positives(all), 8);
        assertEquals(ITEMS, model.numItems());
        assertEquals(8, model.modelItems());
        assertEquals(8, model.weights().get("gmf.item").dim(0));
        assertEquals(8, model.weights().get("mlp.item").dim(0));
        assertEquals(all.numUsers(), model.weights().get("gmf.user").dim(0));
        for (int i = 0; i < ITEMS; i++) {
            assertEquals(cap.local(i), model.cap().local(i), "item " + i);
        }
        int outside = IntStream.range(0, ITEMS).filter(i -> cap.local(i) < 0).findFirst().orElseThrow();
        int[] candidates = IntStream.range(0, ITEMS).toArray();
        for (UserHistory h : new UserHistory[] {all.history(0), all.history(7), UserHistory.ofItems(-1, 0, 1, 2),
                UserHistory.ofItems(-1, outside)}) {
            float[] s = new float[ITEMS];
            model.scoreAll(h, s);
            float[] c = new float[ITEMS + 1];
            int[] withBad = java.util.Arrays.copyOf(candidates, ITEMS + 1);
            withBad[ITEMS] = ITEMS;
            model.score(h, withBad, c);
            assertArrayEquals(s, java.util.Arrays.copyOf(c, ITEMS), 0f);
            assertTrue(Float.isNaN(c[ITEMS]));
            for (int i = 0; i < ITEMS; i++) {
                if (cap.local(i) < 0) {
                    assertEquals(ItemCap.OUTSIDE_SCORE, s[i], 0f, "item " + i + " is outside the cap");
                } else {
                    assertTrue(Float.isFinite(s[i]) && s[i] > ItemCap.OUTSIDE_SCORE, "item " + i + ": " + s[i]);
                }
            }
            Set<Integer> seen = java.util.Arrays.stream(h.items()).boxed().collect(Collectors.toSet());
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
        assertArrayEquals(none, alone, 0f, "history items outside the cap play no part in the fold-in");
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
            assertTrue(ev.item() == -1 || (cap.local(ev.item()) >= 0 && ev.item() != outside), ev.toString());
        }
        assertEquals("8", model.provenance().params().get("maxItems"));
    }

    @Test
    void negativesOfACappedModelAreDrawnAmongItsLocalItems() {
        InteractionStore all = groups();
        ItemCap cap = ItemCap.mostPopular(ITEMS, ItemSampler.positives(all), 5);
        SplittableRandom rnd = new SplittableRandom(1);
        for (String kind : new String[] {"uniform", "popularity"}) {
            ItemSampler sampler = ItemSampler.of(kind, all, cap);
            assertEquals(5, sampler.numItems(), kind);
            for (int k = 0; k < 200; k++) {
                int l = sampler.drawExcluding(new int[] {0}, rnd);
                assertTrue(l >= 1 && l < 5, kind + " drew " + l);
            }
        }
        assertEquals(ITEMS, ItemSampler.of("uniform", all, ItemCap.all(ITEMS)).numItems());
    }

    @Test
    void saveAndLoadKeepTheCapWithIdenticalScores(@TempDir Path dir) {
        InteractionStore all = groups();
        Split split = new LeaveOneOut().split(all);
        TrainingData d = new TrainingData(split.train(), ItemCatalog.empty(ITEMS), "groups/loo",
                new TrainingData.Validation(split, Protocol.parse("loo-full")));
        NeuMfModel model = new NeuMfTrainer(params(Map.of("maxItems", "6", "validEvery", "2"))).train(d);
        Path file = dir.resolve("capped.bin");
        model.save(file);
        NeuMfModel back = (NeuMfModel) Algorithms.load(file);
        assertEquals(6, back.modelItems());
        for (int i = 0; i < ITEMS; i++) {
            assertEquals(model.cap().local(i), back.cap().local(i), "item " + i);
        }
        for (UserHistory h : new UserHistory[] {UserHistory.ofItems(3), UserHistory.ofItems(-1, 4, 5, 9),
                UserHistory.ofItems(-1)}) {
            float[] a = new float[ITEMS];
            float[] b = new float[ITEMS];
            model.scoreAll(h, a);
            back.scoreAll(h, b);
            assertArrayEquals(a, b, 0f);
        }
        assertEquals(model.provenance(), back.provenance());
        assertTrue(model.weights().sameAs(back.weights()));
    }

    /** 50 users with three items each among 5,000 items: a shape whose item embeddings dominate. */
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

    private static MemoryEstimate estimate(String maxItems) {
        return new NeuMfTrainer(NeuMfParams.from(Map.of("maxItems", maxItems))).estimate(wide());
    }

    @Test
    void theMemoryEstimateUsesTheCapAndARefusalNamesTheCapThatFits() {
        MemoryEstimate full = estimate("0");
        MemoryEstimate capped = estimate("1000");
        assertEquals(full.nativeBytes(), estimate("7000").nativeBytes(), "a cap above the items is no cap");
        assertTrue(capped.nativeBytes() < full.nativeBytes(), capped.nativeBreakdown() + " vs "
                + full.nativeBreakdown());
        assertTrue(capped.bytes() < full.bytes(), capped.breakdown() + " vs " + full.breakdown());
        long available = (capped.nativeBytes() + full.nativeBytes()) / 2;
        String refusal = MemoryGuard.nativeRefusal(full, available, 100L * full.bytes());
        assertFalse(refusal.contains("\n"), refusal);
        Matcher m = Pattern.compile("maxItems=(\\d+)").matcher(refusal);
        assertTrue(m.find(), refusal);
        long items = Long.parseLong(m.group(1));
        assertTrue(items >= 1000 && items < 5000, refusal);
        assertTrue(estimate(Long.toString(items)).nativeBytes() <= available, refusal);
        assertNull(MemoryGuard.nativeRefusal(capped, available, 100L * full.bytes()),
                "the capped model fits where the full one is refused");
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        TrainingData d = whole(groups());
        NeuMfModel a = new NeuMfTrainer(params(Map.of("epochs", "2"))).train(d);
        NeuMfModel b = new NeuMfTrainer(params(Map.of("epochs", "2"))).train(d);
        assertTrue(a.weights().sameAs(b.weights()));
        NeuMfModel c = new NeuMfTrainer(params(Map.of("epochs", "2", "seed", "9"))).train(d);
        assertFalse(a.weights().sameAs(c.weights()));
        assertNotEquals(a.weights().get("gmf.user").values()[0], c.weights().get("gmf.user").values()[0]);
    }

    @Test
    void badParametersFailWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeuMfParams.from(Map.of("layers", "63,8")));
        assertTrue(e.getMessage().contains("layers=63,8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NeuMfParams.from(Map.of("layers", "64")));
        assertTrue(e.getMessage().contains("layers=64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NeuMfParams.from(Map.of("layers", "64,x")));
        assertTrue(e.getMessage().contains("layers=64,x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NeuMfParams.from(Map.of("negatives", "0")));
        assertTrue(e.getMessage().contains("negatives=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NeuMfParams.from(Map.of("maxItems", "-1")));
        assertTrue(e.getMessage().contains("maxItems=-1"), e.getMessage());
        NeuMfParams d = NeuMfParams.defaults();
        e = assertThrows(IllegalArgumentException.class, () -> new NeuMfParams(d.factors(), d.layers(),
                d.negatives(), d.sampling(), -2, d.training()));
        assertTrue(e.getMessage().contains("maxItems=-2"), e.getMessage());
        assertEquals("0", d.asMap().get("maxItems"));
        assertEquals(300, NeuMfParams.from(Map.of("maxItems", "300")).maxItems());
        e = assertThrows(IllegalArgumentException.class, () -> NeuMfParams.from(Map.of("factor", "8")));
        assertTrue(e.getMessage().contains("unknown parameter 'factor'"), e.getMessage());
    }
}
