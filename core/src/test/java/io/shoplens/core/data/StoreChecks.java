package io.shoplens.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Structural invariants every {@link InteractionStore} keeps. */
final class StoreChecks {
    private StoreChecks() {
    }

    /**
     * Checks both CSR indexes: user segments tile the positions with non-decreasing times; every position is in
     * exactly one item slot, each slot points to a position holding that item, and users ascend within an item
     * (positions ascend within a user).
     */
    static void assertConsistent(InteractionStore s) {
        int n = s.numEvents();
        int expectedStart = 0;
        int[] userOf = new int[n];
        for (int u = 0; u < s.numUsers(); u++) {
            assertEquals(expectedStart, s.userStart(u), "user segments are contiguous");
            assertEquals(s.userEnd(u) - s.userStart(u), s.userLength(u));
            for (int p = s.userStart(u); p < s.userEnd(u); p++) {
                userOf[p] = u;
                if (p > s.userStart(u)) {
                    if (s.timeAt(p - 1) > s.timeAt(p)) {
                        fail("times do not ascend within user " + u + " at position " + p);
                    }
                }
            }
            expectedStart = s.userEnd(u);
        }
        assertEquals(n, expectedStart, "user segments cover every event");

        boolean[] seen = new boolean[n];
        int slots = 0;
        for (int i = 0; i < s.numItems(); i++) {
            assertEquals(slots, s.itemStart(i), "item segments are contiguous");
            for (int slot = s.itemStart(i); slot < s.itemEnd(i); slot++) {
                int p = s.positionAtSlot(slot);
                assertTrue(p >= 0 && p < n, "slot points into the events");
                if (seen[p]) {
                    fail("position " + p + " is in two item slots");
                }
                seen[p] = true;
                if (s.itemAt(p) != i) {
                    fail("slot " + slot + " of item " + i + " points to item " + s.itemAt(p));
                }
                if (s.userAtSlot(slot) != userOf[p]) {
                    fail("slot " + slot + " names user " + s.userAtSlot(slot) + ", its event is user " + userOf[p]);
                }
                if (slot > s.itemStart(i)) {
                    int prevUser = s.userAtSlot(slot - 1);
                    if (!(prevUser < s.userAtSlot(slot)
                            || (prevUser == s.userAtSlot(slot) && s.positionAtSlot(slot - 1) < p))) {
                        fail("users do not ascend within item " + i + " at slot " + slot);
                    }
                }
            }
            assertEquals(s.itemEnd(i) - s.itemStart(i), s.itemLength(i));
            slots = s.itemEnd(i);
        }
        assertEquals(n, slots, "item segments cover every event");
        long[] counts = s.itemCounts();
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        assertEquals(n, total);

        for (int u = 0; u < s.numUsers(); u++) {
            UserHistory h = s.history(u);
            assertEquals(u, h.user());
            assertArrayEquals(s.userItems(u), h.items());
            for (int k = 0; k < h.length(); k++) {
                int p = s.userStart(u) + k;
                assertEquals(s.timeAt(p), h.times()[k]);
                assertEquals(s.behaviorCodeAt(p), h.behaviors()[k]);
                assertEquals(s.behaviorAt(p).code(), h.behaviors()[k]);
            }
        }
    }
}
