package io.shoplens.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.eval.Protocol;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Pruning, data shapes, the running top-K and the user sample. */
class ScaleModelPartsTest {
    /**
     * Users 0..3 over items 0..2: user 0 views 0,1,0,2; user 1 views 0,1; user 2 views 0; user 3 views 2,0.
     * Support (distinct users): item 0: 4, item 1: 2, item 2: 2.
     */
    private static InteractionStore store() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        int[][] rows = {{0, 1, 0, 2}, {0, 1}, {0}, {2, 0}};
        long t = 1_500_000_000L;
        for (int u = 0; u < rows.length; u++) {
            for (int item : rows[u]) {
                b.event(u, item, 0, Behavior.PV, t++);
            }
        }
        return b.build();
    }

    @Test
    void pruningKeepsTheLastEventsThenTheSupportedItems() {
        InteractionStore s = store();
        assertSame(s, Pruning.NONE.apply(s));
        assertArrayEquals(new int[] {4, 2, 2}, Pruning.NONE.support(s));
        InteractionStore last2 = new Pruning(1, 2).apply(s);
        assertEquals(7, last2.numEvents());
        assertArrayEquals(new int[] {s.items().indexOf(0), s.items().indexOf(2)}, last2.userItems(0));
        InteractionStore supported = new Pruning(3, 0).apply(s);
        for (int p = 0; p < supported.numEvents(); p++) {
            assertEquals(s.items().indexOf(0), supported.itemAt(p));
        }
        assertEquals(5, supported.numEvents());
        assertEquals(s.numItems(), supported.numItems(), "the id space is kept");
        Map<String, String> m = new HashMap<>();
        new Pruning(3, 50).putInto(m);
        assertEquals(Map.of("minItemSupport", "3", "lastEvents", "50"), m);
        assertEquals(new Pruning(3, 50), Pruning.from(Params.of("x", m), Pruning.NONE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pruning.from(Params.of("ials", Map.of("minItemSupport", "0")), Pruning.NONE));
        assertTrue(e.getMessage().contains("minItemSupport=0"), e.getMessage());
    }

    @Test
    void theShapeCountsWhatEachMinimumSupportLeaves() {
        DataShape shape = DataShape.of(store(), 0);
        assertEquals(4, shape.activeUsers());
        assertEquals(3, shape.items(1));
        assertEquals(8, shape.pairs(1));
        assertEquals(9, shape.events(1));
        assertEquals(1, shape.items(3));
        assertEquals(4, shape.pairs(3));
        assertEquals(5, shape.events(3));
        assertEquals(0, shape.items(5));
        assertEquals(4, shape.maxSupport());
        assertEquals(9 + 4 + 1 + 4, shape.sumSquaredUserPairs(), 1e-9);
        DataShape last1 = DataShape.of(store(), 1);
        assertEquals(4, last1.pairs(1));
        assertEquals(Pruning.NONE.copyBytes(shape, 1), 0);
        assertTrue(new Pruning(2, 0).copyBytes(shape, 2) > 0);
    }

    @Property(tries = 200)
    void theRunningTopKMatchesTheArraySelection(@ForAll @IntRange(min = 1, max = 300) int n,
                                                @ForAll @IntRange(min = 1, max = 20) int k,
                                                @ForAll @IntRange(min = 1, max = 50) int tile,
                                                @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(10) == 0 ? Float.NaN : rnd.nextInt(8);
        }
        int[] expected = new int[Math.min(k, n)];
        int m = TopK.selectAll(v, k, null, expected);
        TopK.Running running = new TopK.Running(k);
        for (int from = 0; from < n; from += tile) {
            for (int i = from; i < Math.min(n, from + tile); i++) {
                running.offer(i, v[i]);
            }
        }
        int[] got = new int[k];
        int g = running.drain(got);
        assertArrayEquals(Arrays.copyOf(expected, m), Arrays.copyOf(got, g));
    }

    @Test
    void theUserSampleIsSeededSizedAndASubset() {
        int[] users = new int[1000];
        for (int j = 0; j < users.length; j++) {
            users[j] = 3 * j;
        }
        Protocol p = Protocol.parse("loo-full").withEvalUsers(100);
        int[] a = p.sample(users);
        assertEquals(100, a.length);
        assertArrayEquals(a, p.sample(users));
        for (int j = 1; j < a.length; j++) {
            assertTrue(a[j] > a[j - 1]);
        }
        assertArrayEquals(a, Protocol.parse("loo-sampled-99").withEvalUsers(100).sample(users),
                "the same users under any protocol of the seed");
        assertEquals(1000, Protocol.parse("loo-full").sample(users).length);
        assertEquals(1000, p.withEvalUsers(5000).sample(users).length);
        assertThrows(IllegalArgumentException.class, () -> p.withEvalUsers(-1));
    }
}
