package io.shoplens.core.data;

import static io.shoplens.core.data.StoreChecks.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class InteractionStorePropertiesTest {
    /** A generated event: small id ranges and times close together, so that repeats and ties are common. */
    record Ev(int user, int item, int category, int behavior, long time) {
    }

    @Provide
    Arbitrary<List<Ev>> events() {
        Arbitrary<Long> times = Arbitraries.oneOf(
                Arbitraries.longs().between(-6, 6).map(d -> InteractionStore.EPOCH_2000 + d),
                Arbitraries.longs().between(631_152_000L, 2_800_000_000L));
        Arbitrary<Ev> ev = Combinators.combine(
                Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(0, 15),
                Arbitraries.integers().between(-1, 3),
                Arbitraries.integers().between(0, 3),
                times).as(Ev::new);
        return ev.list().ofMaxSize(80);
    }

    private static InteractionStore build(List<Ev> events) {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (Ev e : events) {
            b.event(e.user(), e.item(), e.category() < 0 ? EventSink.NO_CATEGORY : e.category(),
                    Behavior.ofCode(e.behavior()), e.time());
        }
        return b.build();
    }

    /** The expected user order: users by first appearance, each user's events stably sorted by time. */
    private static List<Ev> reference(List<Ev> events) {
        Map<Integer, List<Ev>> byUser = new LinkedHashMap<>();
        for (Ev e : events) {
            byUser.computeIfAbsent(e.user(), u -> new ArrayList<>()).add(e);
        }
        List<Ev> out = new ArrayList<>();
        for (List<Ev> list : byUser.values()) {
            List<Ev> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingLong(Ev::time));
            out.addAll(sorted);
        }
        return out;
    }

    private static List<Ev> contents(InteractionStore s) {
        List<Ev> out = new ArrayList<>();
        for (int u = 0; u < s.numUsers(); u++) {
            for (int p = s.userStart(u); p < s.userEnd(u); p++) {
                int c = s.categoryAt(p);
                out.add(new Ev(Integer.parseInt(s.users().externalId(u)),
                        Integer.parseInt(s.items().externalId(s.itemAt(p))),
                        c < 0 ? -1 : Integer.parseInt(s.categories().externalId(c)),
                        s.behaviorCodeAt(p), s.timeAt(p)));
            }
        }
        return out;
    }

    @Property(tries = 200)
    void storeHoldsEveryEventOnceSortedByUserThenTimeStably(@ForAll("events") List<Ev> events) {
        InteractionStore s = build(events);
        assertEquals(events.size(), s.numEvents());
        assertEquals(reference(events), contents(s));
        assertConsistent(s);
    }

    @Property(tries = 150)
    void filterKeepsIdSpaceAndSelectedEventsInOrder(@ForAll("events") List<Ev> events) {
        InteractionStore s = build(events);
        InteractionStore f = s.filter(p -> s.itemAt(p) % 3 != 0);
        assertEquals(s.numUsers(), f.numUsers());
        assertEquals(s.numItems(), f.numItems());
        List<Ev> expected = new ArrayList<>();
        List<Ev> all = contents(s);
        for (int p = 0; p < s.numEvents(); p++) {
            if (s.itemAt(p) % 3 != 0) {
                expected.add(all.get(p));
            }
        }
        assertEquals(expected, contents(f));
        assertConsistent(f);
    }
}
