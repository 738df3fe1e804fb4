package io.shoplens.core.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.InteractionStore;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TemporalAndRandomSplitTest {
    private final InteractionStore all = SplitFixtures.tiny();

    @Test
    void temporalCutsByTimeAndKeepsOnlyNewItemsAsTargets() {
        long base = 1_500_000_000L;
        Split s = new TemporalSplit(base + 151, base + 203).split(all);
        for (int p = 0; p < s.train().numEvents(); p++) {
            assertTrue(s.train().timeAt(p) < base + 151);
        }
        int u3 = all.users().indexOf(3);
        int j = Arrays.binarySearch(s.test().users(), u3);
        assertArrayEquals(new int[] {all.items().indexOf(11), all.items().indexOf(15)}, s.test().targets()[j]);
        int u2 = all.users().indexOf(2);
        int v = Arrays.binarySearch(s.validation().users(), u2);
        assertArrayEquals(new int[] {all.items().indexOf(11)}, s.validation().targets()[v]);
        int u1 = all.users().indexOf(1);
        assertTrue(Arrays.binarySearch(s.validation().users(), u1) < 0, "user 1 has no events in validation");
    }

    @Test
    void temporalFractionsFollowTimeQuantiles() {
        TemporalSplit t = TemporalSplit.ofFractions(all, 0.2, 0.2);
        assertTrue(t.validationStart() <= t.testStart());
        assertThrows(IllegalArgumentException.class, () -> TemporalSplit.ofFractions(all, 0.6, 0.5));
    }

    @Test
    void randomHoldoutIsDeterministicBySeedAndPartitionsEvents() {
        Split a = new RandomHoldout(0.2, 0.2, 3, 9).split(all);
        Split b = new RandomHoldout(0.2, 0.2, 3, 9).split(all);
        assertArrayEquals(a.test().users(), b.test().users());
        for (int j = 0; j < a.test().size(); j++) {
            assertArrayEquals(a.test().targets()[j], b.test().targets()[j]);
        }
        int u3 = all.users().indexOf(3);
        assertEquals(3, a.train().userLength(u3), "5 events: 1 test, 1 validation, 3 train");
        assertEquals(2, a.train().userLength(all.users().indexOf(2)), "short users stay in train");
    }
}
