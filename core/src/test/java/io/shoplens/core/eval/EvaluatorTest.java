package io.shoplens.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.model.BatchRecommender;
import io.shoplens.core.model.DotProductModel;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.split.LeaveOneOut;
import io.shoplens.core.split.Split;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private static final int USERS = 600;
    private static final int ITEMS = 300;

    private final Split split = new LeaveOneOut().split(randomStore());

    /** 600 users with 5..9 distinct random items each out of 300. */
    private static InteractionStore randomStore() {
        Random rnd = new Random(3);
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (int i = 0; i < ITEMS; i++) {
            b.items().intern(i);
        }
        for (int u = 0; u < USERS; u++) {
            IntOpenHashSet seen = new IntOpenHashSet();
            int n = 5 + rnd.nextInt(5);
            for (int t = 0; seen.size() < n; t++) {
                int item = rnd.nextInt(ITEMS);
                if (seen.add(item)) {
                    b.event(u, item, 0, Behavior.PV, 1_500_000_000L + t);
                }
            }
        }
        return b.build();
    }

    private Int2IntOpenHashMap testTargets() {
        Int2IntOpenHashMap m = new Int2IntOpenHashMap();
        for (int j = 0; j < split.test().size(); j++) {
            m.put(split.test().users()[j], split.test().targets()[j][0]);
        }
        return m;
    }

    private Map<String, Double> run(String protocol, Recommender model, int threads) {
        return new Evaluator(Protocol.parse(protocol), threads).evaluate(model, split, Evaluator.Part.TEST, null)
                .metrics();
    }

    /** A dot-product model with random 5-dimensional vectors and biases, tied to some items' scores. */
    private static DotProductModel dotModel() {
        Random rnd = new Random(11);
        int d = 5;
        float[] items = new float[ITEMS * d];
        float[] bias = new float[ITEMS];
        for (int i = 0; i < items.length; i++) {
            items[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < ITEMS; i++) {
            bias[i] = i % 7 == 0 ? 0f : (float) rnd.nextGaussian();
        }
        for (int i = 0; i < ITEMS; i += 10) {
            System.arraycopy(items, 0, items, i * d, d);
            bias[i] = bias[0];
        }
        return new FakeModels.Dot(ITEMS, d, items, bias);
    }

    @Test
    void theTiledPathOfADotProductModelGivesTheSameMetricsAsScoringUserByUser() {
        DotProductModel dot = dotModel();
        Recommender plain = FakeModels.plain(dot);
        Map<String, Double> tiled = run("loo-full", dot, 2);
        Map<String, Double> byUser = run("loo-full", plain, 3);
        assertEquals(byUser, tiled);
    }

    @Test
    void aSampleOfUsersIsTheSameForEveryModelAndHasIntervals() {
        Protocol p = Protocol.parse("loo-full").withEvalUsers(50);
        Recommender a = FakeModels.of("a", ITEMS, (h, i) -> i);
        Set<Integer> seenA = ConcurrentHashMap.newKeySet();
        Set<Integer> seenB = ConcurrentHashMap.newKeySet();
        EvaluationResult ra = new Evaluator(p, 2).evaluate(FakeModels.of("a", ITEMS, (h, i) -> {
            seenA.add(h.user());
            return i;
        }), split, Evaluator.Part.TEST, null);
        new Evaluator(p, 1).evaluate(FakeModels.of("b", ITEMS, (h, i) -> {
            seenB.add(h.user());
            return -i;
        }), split, Evaluator.Part.VALIDATION, null);
        assertEquals(50, ra.users());
        assertEquals(50, seenA.size());
        assertEquals(seenA, seenB);
        assertTrue(p.describe().contains("50 sampled users"), p.describe());
        for (Map.Entry<String, Double> e : ra.intervals().entrySet()) {
            assertTrue(e.getValue() >= 0, e.getKey() + " " + e.getValue());
        }
        assertTrue(ra.interval("HR@20") > 0);
        assertTrue(ra.interval("Coverage@10") >= 0);
        EvaluationResult all = new Evaluator(Protocol.parse("loo-full"), 2).evaluate(a, split,
                Evaluator.Part.TEST, null);
        assertEquals(split.test().size(), all.users());
        assertTrue(Double.isFinite(all.interval("NDCG@10")));
        assertTrue(all.interval("NDCG@10") < ra.interval("NDCG@10") || ra.metrics().get("NDCG@10") == 0,
                "more users, narrower interval");
    }

    @Test
    void anOracleIsPerfectUnderBothProtocols() {
        Int2IntOpenHashMap target = testTargets();
        Recommender oracle = FakeModels.of("oracle", ITEMS, (h, i) -> target.get(h.user()) == i ? 1 : 0);
        for (String p : new String[] {"loo-sampled-99", "loo-full"}) {
            Map<String, Double> m = run(p, oracle, 2);
            assertEquals(1.0, m.get("HR@5"), 1e-12, p);
            assertEquals(1.0, m.get("NDCG@10"), 1e-12, p);
            assertEquals(1.0, m.get("MRR@20"), 1e-12, p);
            assertEquals(1.0, m.get("AUC"), 1e-12, p);
        }
    }

    @Test
    void anAntiOracleFindsNothing() {
        Int2IntOpenHashMap target = testTargets();
        Recommender anti = FakeModels.of("anti", ITEMS, (h, i) -> target.get(h.user()) == i ? -1 : 0);
        Map<String, Double> m = run("loo-sampled-99", anti, 2);
        assertEquals(0.0, m.get("HR@20"), 1e-12);
        assertEquals(0.0, m.get("AUC"), 1e-12);
    }

    @Test
    void tiesAreBrokenAtRandomSoAConstantModelScoresChance() {
        Recommender constant = FakeModels.of("constant", ITEMS, (h, i) -> 0);
        Map<String, Double> sampled = run("loo-sampled-99", constant, 2);
        assertEquals(0.10, sampled.get("HR@10"), 0.04, "10 of 100 candidates");
        assertEquals(0.5, sampled.get("AUC"), 0.05);
        Map<String, Double> full = run("loo-full", constant, 2);
        assertEquals(0.5, full.get("AUC"), 0.05);
    }

    @Test
    void sampledNegativesAvoidEverythingTheUserTouched() {
        Map<Integer, Set<Integer>> asked = new ConcurrentHashMap<>();
        Recommender spy = new DelegatingSpy(FakeModels.of("spy", ITEMS, (h, i) -> i), asked);
        new Evaluator(Protocol.parse("loo-sampled-99"), 2).evaluate(spy, split, Evaluator.Part.TEST, null);
        InteractionStore all = split.all();
        Int2IntOpenHashMap target = testTargets();
        assertEquals(split.test().size(), asked.size());
        asked.forEach((u, candidates) -> {
            assertEquals(100, candidates.size());
            assertTrue(candidates.contains(target.get((int) u)));
            for (int p = all.userStart(u); p < all.userEnd(u); p++) {
                int item = all.itemAt(p);
                assertFalse(item != target.get((int) u) && candidates.contains(item),
                        "user " + u + " was ranked against item " + item + " they touched");
            }
        });
    }

    @Test
    void resultsDoNotDependOnThreadsAndRepeat() {
        Recommender byIndex = FakeModels.of("byIndex", ITEMS, (h, i) -> (i * 37) % 11);
        assertEquals(run("loo-sampled-99", byIndex, 1), run("loo-sampled-99", byIndex, 2));
        assertEquals(run("loo-full", byIndex, 1), run("loo-full", byIndex, 2));
    }

    @Test
    void fullRankingMasksTheHistoryButNeverTheTarget() {
        Int2IntOpenHashMap target = testTargets();
        Recommender historyFirst = FakeModels.of("history", ITEMS, (h, i) -> {
            for (int x : h.items()) {
                if (x == i) {
                    return 10;
                }
            }
            return target.get(h.user()) == i ? 5 : 0;
        });
        assertEquals(1.0, run("loo-full", historyFirst, 2).get("MRR@5"), 1e-12);
    }

    @Test
    void aBatchRecommenderIsPreparedOnceWithThePartsUsersAndHistory() {
        Int2IntOpenHashMap target = testTargets();
        Recommender oracle = FakeModels.of("oracle", ITEMS, (h, i) -> target.get(h.user()) == i ? 1 : 0);
        List<int[]> prepared = new ArrayList<>();
        BatchRecommender batch = new BatchRecommender() {
            @Override
            public Recommender prepare(InteractionStore history, int[] users) {
                assertSame(split.trainAndValidation(), history, "test users are prepared on train + validation");
                prepared.add(users.clone());
                return oracle;
            }

            @Override
            public int numItems() {
                return ITEMS;
            }

            @Override
            public void scoreAll(io.shoplens.core.data.UserHistory user, float[] out) {
                throw new IllegalStateException("user " + user.user() + " was scored without being prepared");
            }

            @Override
            public io.shoplens.core.model.Explanation explain(io.shoplens.core.data.UserHistory user, int item) {
                return oracle.explain(user, item);
            }

            @Override
            public io.shoplens.core.model.Provenance provenance() {
                return oracle.provenance();
            }

            @Override
            public void save(java.nio.file.Path file) {
                oracle.save(file);
            }
        };
        assertEquals(1.0, run("loo-full", batch, 2).get("HR@5"), 1e-12);
        assertEquals(1, prepared.size());
        assertArrayEquals(split.test().users(), prepared.get(0));
    }

    /** Records the candidates each user is scored on. */
    private record DelegatingSpy(Recommender inner, Map<Integer, Set<Integer>> asked) implements Recommender {
        @Override
        public int numItems() {
            return inner.numItems();
        }

        @Override
        public void scoreAll(io.shoplens.core.data.UserHistory user, float[] out) {
            inner.scoreAll(user, out);
        }

        @Override
        public void score(io.shoplens.core.data.UserHistory user, int[] candidates, float[] out) {
            Set<Integer> s = ConcurrentHashMap.newKeySet();
            for (int c : candidates) {
                s.add(c);
            }
            asked.put(user.user(), s);
            inner.score(user, candidates, out);
        }

        @Override
        public io.shoplens.core.model.Explanation explain(io.shoplens.core.data.UserHistory user, int item) {
            return inner.explain(user, item);
        }

        @Override
        public io.shoplens.core.model.Provenance provenance() {
            return inner.provenance();
        }

        @Override
        public void save(java.nio.file.Path file) {
            inner.save(file);
        }
    }
}
