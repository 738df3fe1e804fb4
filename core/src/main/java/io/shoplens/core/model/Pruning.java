package io.shoplens.core.model;

import io.shoplens.core.data.InteractionStore;
import java.util.BitSet;
import java.util.Map;

/**
 * What of the training events a model learns from: each user's last {@code lastEvents} events (0 = all), then only
 * the items with at least {@code minItemSupport} distinct users among those events. Pruning rare items and
 * truncating long histories are the two ordinary ways to make a model of a very large log fit; both are parameters
 * of every recommender ({@code minItemSupport}, {@code lastEvents}) and are recorded in its provenance. Pruned
 * items keep their index and are scored as the model scores items it never saw.
 *
 * @param minItemSupport at least 1 (1 keeps every item)
 * @param lastEvents     at least 0 (0 keeps every event)
 */
public record Pruning(int minItemSupport, int lastEvents) {
    /** Nothing pruned. */
    public static final Pruning NONE = new Pruning(1, 0);

    public Pruning {
        if (minItemSupport < 1) {
            throw new IllegalArgumentException("minItemSupport must be >= 1, got " + minItemSupport);
        }
        if (lastEvents < 0) {
            throw new IllegalArgumentException("lastEvents must be >= 0 (0 = all), got " + lastEvents);
        }
    }

    /** Reads {@code minItemSupport} and {@code lastEvents} from {@code p}, with {@code defaults} for absent keys. */
    public static Pruning from(Params p, Pruning defaults) {
        return new Pruning(p.intValue("minItemSupport", defaults.minItemSupport, 1, Integer.MAX_VALUE),
                p.intValue("lastEvents", defaults.lastEvents, 0, Integer.MAX_VALUE));
    }

    /** Adds this pruning's keys to a provenance parameter map. */
    public void putInto(Map<String, String> m) {
        m.put("minItemSupport", Integer.toString(minItemSupport));
        m.put("lastEvents", Integer.toString(lastEvents));
    }

    /** Whether this pruning keeps every event. */
    public boolean keepsAll() {
        return minItemSupport == 1 && lastEvents == 0;
    }

    /**
     * Heap bytes of the pruned copy of a store of {@code shape} (computed with this pruning's {@code lastEvents})
     * if the minimum support were {@code minSupport}: the copy's arrays, the keep mask and the support counts;
     * 0 when that pruning keeps everything (no copy is made).
     */
    public long copyBytes(DataShape shape, long minSupport) {
        if (minSupport <= 1 && lastEvents == 0) {
            return 0;
        }
        long all = shape.events(1);
        return InteractionStore.arrayBytes(shape.events(minSupport), shape.numUsers(), shape.numItems()) + all / 8
                + 8L * shape.numItems();
    }

    /** First position of user {@code u}'s events that this pruning's history truncation keeps. */
    public int windowStart(InteractionStore s, int u) {
        return lastEvents == 0 ? s.userStart(u) : Math.max(s.userStart(u), s.userEnd(u) - lastEvents);
    }

    /**
     * Distinct users of each item among the events the truncation keeps ({@code support[i]}), what
     * {@code minItemSupport} is compared with.
     */
    public int[] support(InteractionStore s) {
        int[] support = new int[s.numItems()];
        int[] lastUser = new int[s.numItems()];
        java.util.Arrays.fill(lastUser, -1);
        for (int u = 0; u < s.numUsers(); u++) {
            for (int p = windowStart(s, u); p < s.userEnd(u); p++) {
                int item = s.itemAt(p);
                if (lastUser[item] != u) {
                    lastUser[item] = u;
                    support[item]++;
                }
            }
        }
        return support;
    }

    /** The events of {@code s} this pruning keeps, in the same id space; {@code s} itself when it keeps all. */
    public InteractionStore apply(InteractionStore s) {
        if (keepsAll()) {
            return s;
        }
        int[] support = minItemSupport > 1 ? support(s) : null;
        BitSet keep = new BitSet(s.numEvents());
        for (int u = 0; u < s.numUsers(); u++) {
            for (int p = windowStart(s, u); p < s.userEnd(u); p++) {
                if (support == null || support[s.itemAt(p)] >= minItemSupport) {
                    keep.set(p);
                }
            }
        }
        return s.filter(keep::get);
    }
}
