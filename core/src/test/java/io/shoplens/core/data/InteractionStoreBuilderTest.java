package io.shoplens.core.data;

import static io.shoplens.core.data.StoreChecks.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.io.LoadOptions;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InteractionStoreBuilderTest {
    private static final long T = 1_511_544_070L;

    private static long utc(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    private static long[] times(InteractionStore s, int u) {
        return s.history(u).times();
    }

    @Test
    void sortsByUserThenTimeWithTiesInArrivalOrder() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        b.event("bob", "i1", null, Behavior.PV, T + 100);
        b.event("ann", "i2", null, Behavior.PV, T + 50);
        b.event("bob", "i3", null, Behavior.CART, T + 90);
        b.event("bob", "i4", null, Behavior.BUY, T + 100);
        b.event("ann", "i5", null, Behavior.FAV, T + 50);
        b.event("bob", "i6", null, Behavior.PV, T + 90);
        b.event("bob", "i7", null, Behavior.PV, T + 100);
        assertEquals(7, b.size());
        InteractionStore s = b.build();
        assertEquals(2, s.numUsers());
        assertEquals(7, s.numItems());
        IdMap items = s.items();
        int bob = s.users().indexOf("bob");
        int ann = s.users().indexOf("ann");
        assertEquals(0, bob);
        assertEquals(1, ann);
        assertArrayEquals(new int[] {items.indexOf("i3"), items.indexOf("i6"), items.indexOf("i1"),
            items.indexOf("i4"), items.indexOf("i7")}, s.userItems(bob));
        assertArrayEquals(new long[] {T + 90, T + 90, T + 100, T + 100, T + 100}, times(s, bob));
        assertArrayEquals(new int[] {items.indexOf("i2"), items.indexOf("i5")}, s.userItems(ann));
        assertEquals(Behavior.CART, s.behaviorAt(s.userStart(bob)));
        assertEquals(Behavior.BUY, s.behaviorAt(s.userStart(bob) + 3));
        assertEquals(Behavior.FAV, s.behaviorAt(s.userStart(ann) + 1));
        assertConsistent(s);
    }

    @Test
    void timesOnBothSidesOfTheYear2000SortChronologically() {
        long before = utc("1999-12-31T23:59:50Z");
        long at = utc("2000-01-01T00:00:00Z");
        long after = utc("2000-01-01T00:00:10Z");
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        b.event(1, 30, EventSink.NO_CATEGORY, Behavior.PV, after);
        b.event(1, 10, EventSink.NO_CATEGORY, Behavior.PV, before);
        b.event(1, 20, EventSink.NO_CATEGORY, Behavior.PV, at);
        b.event(1, 15, EventSink.NO_CATEGORY, Behavior.PV, at - 1);
        InteractionStore s = b.build();
        assertArrayEquals(new long[] {before, at - 1, at, after}, times(s, 0));
        assertArrayEquals(new int[] {s.items().indexOf(10L), s.items().indexOf(15L), s.items().indexOf(20L),
            s.items().indexOf(30L)}, s.userItems(0));
        assertConsistent(s);
    }

    @Test
    void everyTimeAReaderAcceptsFitsTheStore() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long first = LoadOptions.DEFAULT_MIN_TIME;
        long last = LoadOptions.DEFAULT_MAX_TIME - 1;
        b.event(1, 2, 7, Behavior.PV, last);
        b.event(1, 1, 7, Behavior.PV, first);
        InteractionStore s = b.build();
        assertEquals(InteractionStore.EPOCH_2000, s.timeBase());
        assertFalse(s.ordinalTime());
        assertArrayEquals(new long[] {first, last}, times(s, 0));
    }

    @Test
    void timesTheStoreCannotHoldFail() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long tooLate = InteractionStore.EPOCH_2000 + Integer.MAX_VALUE + 1L;
        DataException e = assertThrows(DataException.class,
                () -> b.event(1, 1, EventSink.NO_CATEGORY, Behavior.PV, tooLate));
        assertTrue(e.getMessage().contains("time " + tooLate + " is outside the range"), e.getMessage());
        assertEquals(0, b.size());
    }

    @Test
    void ordinalTimeKeepsFileOrder() {
        InteractionStoreBuilder b = new InteractionStoreBuilder().timeKind(true);
        long[] items = {9, 3, 7, 3, 1};
        for (int k = 0; k < items.length; k++) {
            b.event(42, items[k], EventSink.NO_CATEGORY, Behavior.PV, k);
        }
        b.event(5, 9, EventSink.NO_CATEGORY, Behavior.PV, items.length);
        InteractionStore s = b.build();
        assertTrue(s.ordinalTime());
        assertEquals(0, s.timeBase());
        int u = s.users().indexOf(42L);
        long[] external = new long[s.userLength(u)];
        for (int k = 0; k < external.length; k++) {
            external[k] = Long.parseLong(s.items().externalId(s.itemAt(s.userStart(u) + k)));
        }
        assertArrayEquals(items, external);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, times(s, u));
        assertArrayEquals(new long[] {5}, times(s, s.users().indexOf(5L)));
        assertConsistent(s);
    }

    @Test
    void mixingOrdinalAndRealTimeFails() {
        InteractionStoreBuilder declared = new InteractionStoreBuilder().timeKind(false);
        DataException e1 = assertThrows(DataException.class, () -> declared.timeKind(true));
        assertTrue(e1.getMessage().contains("cannot mix"), e1.getMessage());

        InteractionStoreBuilder implicit = new InteractionStoreBuilder();
        implicit.event(1, 1, EventSink.NO_CATEGORY, Behavior.PV, T);
        assertThrows(DataException.class, () -> implicit.timeKind(true));

        InteractionStoreBuilder ordinal = new InteractionStoreBuilder().timeKind(true);
        assertSame(ordinal, ordinal.timeKind(true));
        assertThrows(DataException.class, () -> ordinal.timeKind(false));
    }

    @Test
    void categoriesAreOptional() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        b.event(1, 1, 500, Behavior.PV, T);
        b.event(1, 2, EventSink.NO_CATEGORY, Behavior.PV, T + 1);
        b.event("1", "3", "500", Behavior.PV, T + 2);
        b.event("1", "4", null, Behavior.PV, T + 3);
        b.event("1", "5", "books", Behavior.PV, T + 4);
        InteractionStore s = b.build();
        assertEquals(2, s.numCategories());
        assertEquals(1, s.numUsers());
        int[] cats = new int[5];
        for (int p = 0; p < 5; p++) {
            cats[p] = s.categoryAt(p);
        }
        assertArrayEquals(new int[] {0, -1, 0, -1, 1}, cats);
    }

    @Test
    void buildFreezesTheMapsAndHappensOnce() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        b.event(1, 1, 1, Behavior.PV, T);
        InteractionStore s = b.build();
        assertTrue(s.users().isFrozen() && s.items().isFrozen() && s.categories().isFrozen());
        assertSame(b.users(), s.users());
        assertSame(b.items(), s.items());
        assertSame(b.categories(), s.categories());
        assertThrows(IllegalStateException.class, b::build);
        assertThrows(IllegalStateException.class, () -> b.event(1, 1, 1, Behavior.PV, T));
    }

    @Test
    void sharedMapsKeepCatalogueItemsWithoutEvents() {
        IdMap items = new IdMap("item");
        items.intern("catalogue-only");
        InteractionStoreBuilder b = new InteractionStoreBuilder(new IdMap("user"), items, new IdMap("category"));
        b.event("u", "bought", null, Behavior.BUY, T);
        InteractionStore s = b.build();
        assertEquals(2, s.numItems());
        assertEquals(0, s.itemLength(0));
        assertEquals(1, s.itemLength(1));
        assertEquals(1, s.activeItems());
        assertEquals(1, s.activeUsers());
        assertArrayEquals(new long[] {0, 1}, s.itemCounts());
        assertConsistent(s);
    }

    @Test
    void emptyBuilderBuildsAnEmptyStore() {
        InteractionStore s = new InteractionStoreBuilder().build();
        assertEquals(0, s.numEvents());
        assertEquals(0, s.numUsers());
        assertEquals(0, s.numItems());
        assertConsistent(s);
    }

    @Test
    void filterKeepsTheIdSpaceAndTheOrder() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (int k = 0; k < 30; k++) {
            b.event(k % 4, k % 7, k % 3, Behavior.ofCode(k % 4), T + (k * 13) % 11);
        }
        InteractionStore all = b.build();
        InteractionStore odd = all.filter(p -> p % 2 == 1);
        assertEquals(all.numUsers(), odd.numUsers());
        assertEquals(all.numItems(), odd.numItems());
        assertEquals(all.numCategories(), odd.numCategories());
        assertSame(all.users(), odd.users());
        assertSame(all.items(), odd.items());
        assertEquals(15, odd.numEvents());
        int q = 0;
        for (int p = 1; p < all.numEvents(); p += 2) {
            assertEquals(all.itemAt(p), odd.itemAt(q));
            assertEquals(all.timeAt(p), odd.timeAt(q));
            assertEquals(all.categoryAt(p), odd.categoryAt(q));
            assertEquals(all.behaviorAt(p), odd.behaviorAt(q));
            q++;
        }
        assertConsistent(odd);
        InteractionStore none = all.filter(p -> false);
        assertEquals(0, none.numEvents());
        assertEquals(all.numItems(), none.numItems());
        assertEquals(0, none.activeUsers());
        assertConsistent(none);
        assertTrue(odd.arrayBytes() < all.arrayBytes());
    }

    @Test
    void historyHoldsTheUsersEventsInTimeOrder() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        b.event("u", "b", null, Behavior.BUY, T + 5);
        b.event("u", "a", null, Behavior.PV, T + 1);
        b.event("v", "a", null, Behavior.CART, T + 3);
        InteractionStore s = b.build();
        UserHistory h = s.history(s.users().indexOf("u"));
        assertEquals(new UserHistory(0, new int[] {1, 0}, new byte[] {0, 3}, new long[] {T + 1, T + 5}), h);
        assertArrayEquals(new int[] {0, 1}, h.distinctItems());
    }
}
