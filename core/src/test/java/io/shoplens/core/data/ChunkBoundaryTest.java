package io.shoplens.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/** A store over more events than one chunk holds ({@link Chunks#SIZE}). */
class ChunkBoundaryTest {
    private static final int USERS = 1000;

    @Test
    void eventsAcrossChunksAreAllKeptAndSorted() {
        int n = Chunks.SIZE + 1234;
        long base = InteractionStore.EPOCH_2000 + 300;
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (int i = 0; i < n; i++) {
            b.event(i % USERS, i / USERS, EventSink.NO_CATEGORY, Behavior.ofCode(i & 3), base - i / 2000);
        }
        assertEquals(n, b.size());
        InteractionStore s = b.build();
        assertEquals(n, s.numEvents());
        assertEquals(USERS, s.numUsers());
        assertEquals((n - 1) / USERS + 1, s.numItems());
        for (int u = 0; u < USERS; u++) {
            long ext = Long.parseLong(s.users().externalId(u));
            int expectedLength = (int) ((n - 1 - ext) / USERS + 1);
            assertEquals(expectedLength, s.userLength(u));
            boolean[] seen = new boolean[expectedLength];
            for (int p = s.userStart(u); p < s.userEnd(u); p++) {
                int k = s.itemAt(p);
                long i = ext + (long) k * USERS;
                if (s.timeAt(p) != base - i / 2000 || s.behaviorCodeAt(p) != (i & 3) || seen[k]) {
                    fail("arrival " + i + " is stored wrongly or twice at position " + p);
                }
                seen[k] = true;
                if (p > s.userStart(u)) {
                    long prevTime = s.timeAt(p - 1);
                    if (!(prevTime < s.timeAt(p) || (prevTime == s.timeAt(p) && s.itemAt(p - 1) < k))) {
                        fail("user " + u + " is not ordered by time, ties by arrival, at position " + p);
                    }
                }
            }
        }
        int slots = 0;
        for (int item = 0; item < s.numItems(); item++) {
            for (int slot = s.itemStart(item); slot < s.itemEnd(item); slot++) {
                if (s.itemAt(s.positionAtSlot(slot)) != item
                        || (slot > s.itemStart(item) && s.userAtSlot(slot - 1) >= s.userAtSlot(slot))) {
                    fail("item slot " + slot + " of item " + item + " is wrong");
                }
            }
            slots += s.itemLength(item);
        }
        assertEquals(n, slots);
    }
}
