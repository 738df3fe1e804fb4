package io.shoplens.recommend.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.TrainingData;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of both neighbourhood models on random small logs. */
class KnnPropertiesTest {
    private static TrainingData randomData(long seed, int users, int items, int events) {
        SplittableRandom rnd = new SplittableRandom(seed);
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (int e = 0; e < events; e++) {
            b.event(1 + rnd.nextInt(users), 100 + rnd.nextInt(items), 1, Behavior.ofCode(rnd.nextInt(4)),
                    1_500_000_000L + rnd.nextInt(30 * 86_400));
        }
        InteractionStore s = b.build();
        return new TrainingData(s, ItemCatalog.empty(s.numItems()), "random-" + seed);
    }

    private static UserHistory randomHistory(SplittableRandom rnd, int user, int numItems) {
        int n = rnd.nextInt(8);
        int[] items = new int[n];
        byte[] behaviors = new byte[n];
        long[] times = new long[n];
        for (int e = 0; e < n; e++) {
            items[e] = rnd.nextInt(numItems + 2);
            behaviors[e] = (byte) rnd.nextInt(4);
            times[e] = 1_500_000_000L + 3_600L * e;
        }
        return new UserHistory(user, items, behaviors, times);
    }

    private static void candidateScoresEqualFullScores(Recommender m, SplittableRandom rnd, int numUsers) {
        for (int trial = 0; trial < 10; trial++) {
            UserHistory h = randomHistory(rnd, rnd.nextInt(numUsers + 1) - 1, m.numItems());
            float[] all = new float[m.numItems()];
            m.scoreAll(h, all);
            int[] candidates = new int[1 + rnd.nextInt(2 * m.numItems())];
            for (int c = 0; c < candidates.length; c++) {
                candidates[c] = rnd.nextInt(m.numItems());
            }
            float[] some = new float[candidates.length];
            m.score(h, candidates, some);
            for (int c = 0; c < candidates.length; c++) {
                assertEquals(all[candidates[c]], some[c], "candidate " + candidates[c]);
            }
            int item = rnd.nextInt(m.numItems());
            Explanation e = m.explain(h, item);
            assertEquals(all[item], e.score(), 1e-5f);
            for (int x = 1; x < e.evidence().size(); x++) {
                assertTrue(e.evidence().get(x - 1).kind().equals(e.evidence().get(x).kind())
                        ? e.evidence().get(x - 1).weight() >= e.evidence().get(x).weight() : true);
            }
        }
    }

    @Property(tries = 40)
    void itemKnnCandidateScoresMatchFullScoresAndNeverDependOnThreads(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 30) int k, @ForAll boolean normalize) {
        TrainingData data = randomData(seed, 25, 30, 200);
        String[] kinds = {"cosine", "jaccard", "asymmetric"};
        String kind = kinds[Math.floorMod(seed, 3)];
        Map<String, String> p = Map.of("k", Integer.toString(k), "similarity", kind, "alpha", "0.3",
                "normalize", Boolean.toString(normalize), "shrink", "2", "weight.buy", "4", "sumRepeats", "true");
        ItemKnnModel one = new ItemKnnTrainer(ItemKnnParams.from(withThreads(p, 1))).train(data);
        ItemKnnModel three = new ItemKnnTrainer(ItemKnnParams.from(withThreads(p, 3))).train(data);
        for (int i = 0; i < one.numItems(); i++) {
            assertEquals(one.similarItems(i, k), three.similarItems(i, k));
            assertTrue(one.similarItems(i, 100).size() <= k);
        }
        candidateScoresEqualFullScores(one, new SplittableRandom(seed), data.events().numUsers());
    }

    @Property(tries = 40)
    void userKnnCandidateScoresMatchFullScores(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int k) {
        TrainingData data = randomData(seed, 25, 30, 200);
        String[] kinds = {"cosine", "jaccard", "asymmetric"};
        Map<String, String> p = Map.of("k", Integer.toString(k), "similarity", kinds[Math.floorMod(seed, 3)],
                "shrink", "1", "weight.cart", "2");
        UserKnnModel m = new UserKnnTrainer(UserKnnParams.from(p)).train(data);
        SplittableRandom rnd = new SplittableRandom(seed);
        candidateScoresEqualFullScores(m, rnd, data.events().numUsers());
        UserHistory h = randomHistory(rnd, -1, m.numItems());
        UserKnnModel.Neighbours nb = m.neighbours(h);
        assertTrue(nb.size() <= k);
        for (int n = 1; n < nb.size(); n++) {
            assertTrue(nb.sims()[n - 1] >= nb.sims()[n]);
        }
        assertArrayEquals(nb.users(), m.neighbours(h).users(), "scratch space is reset between calls");
    }

    private static Map<String, String> withThreads(Map<String, String> p, int threads) {
        java.util.Map<String, String> m = new java.util.HashMap<>(p);
        m.put("threads", Integer.toString(threads));
        return m;
    }
}
