package io.shoplens.core.model;

import io.shoplens.core.data.InteractionStore;

/**
 * The shape of a training store that memory estimates are computed from, for any {@code minItemSupport}: users,
 * items, events and distinct user-item pairs that remain after a {@link Pruning} with the given history truncation
 * and a minimum item support. One pass over the events; immutable.
 */
public final class DataShape {
    private final int numUsers;
    private final int numItems;
    private final int activeUsers;
    private final int maxUserPairs;
    private final double sumSquaredUserPairs;
    /** {@code itemsAtLeast[s]}: items with support at least s (s capped at the array's end). */
    private final long[] itemsAtLeast;
    private final long[] pairsAtLeast;
    private final long[] eventsAtLeast;

    private DataShape(InteractionStore s, int lastEvents) {
        Pruning window = new Pruning(1, lastEvents);
        numUsers = s.numUsers();
        numItems = s.numItems();
        int[] support = new int[numItems];
        long[] events = new long[numItems];
        int[] lastUser = new int[numItems];
        java.util.Arrays.fill(lastUser, -1);
        int active = 0;
        int maxPairs = 0;
        double squares = 0;
        for (int u = 0; u < numUsers; u++) {
            int pairs = 0;
            for (int p = window.windowStart(s, u); p < s.userEnd(u); p++) {
                int item = s.itemAt(p);
                events[item]++;
                if (lastUser[item] != u) {
                    lastUser[item] = u;
                    support[item]++;
                    pairs++;
                }
            }
            if (pairs > 0) {
                active++;
            }
            maxPairs = Math.max(maxPairs, pairs);
            squares += (double) pairs * pairs;
        }
        activeUsers = active;
        maxUserPairs = maxPairs;
        sumSquaredUserPairs = squares;
        int maxSupport = 0;
        for (int v : support) {
            maxSupport = Math.max(maxSupport, v);
        }
        itemsAtLeast = new long[maxSupport + 2];
        pairsAtLeast = new long[maxSupport + 2];
        eventsAtLeast = new long[maxSupport + 2];
        for (int i = 0; i < numItems; i++) {
            if (support[i] > 0) {
                itemsAtLeast[support[i]]++;
                pairsAtLeast[support[i]] += support[i];
                eventsAtLeast[support[i]] += events[i];
            }
        }
        for (int v = maxSupport - 1; v >= 1; v--) {
            itemsAtLeast[v] += itemsAtLeast[v + 1];
            pairsAtLeast[v] += pairsAtLeast[v + 1];
            eventsAtLeast[v] += eventsAtLeast[v + 1];
        }
    }

    /** The shape of {@code store} after keeping each user's last {@code lastEvents} events (0 = all). */
    public static DataShape of(InteractionStore store, int lastEvents) {
        return new DataShape(store, lastEvents);
    }

    /** Users in the id space (rows of a user table). */
    public int numUsers() {
        return numUsers;
    }

    /** Items in the id space (rows of an item table). */
    public int numItems() {
        return numItems;
    }

    /** Users with at least one event (before item pruning). */
    public int activeUsers() {
        return activeUsers;
    }

    /** The most distinct items of one user (before item pruning). */
    public int maxUserPairs() {
        return maxUserPairs;
    }

    /** The sum over users of their number of distinct items squared (before item pruning): co-occurrence work. */
    public double sumSquaredUserPairs() {
        return sumSquaredUserPairs;
    }

    /** Items with at least {@code minItemSupport} distinct users. */
    public long items(long minItemSupport) {
        return at(itemsAtLeast, minItemSupport);
    }

    /** Distinct user-item pairs on items with at least {@code minItemSupport} distinct users. */
    public long pairs(long minItemSupport) {
        return at(pairsAtLeast, minItemSupport);
    }

    /** Events on items with at least {@code minItemSupport} distinct users. */
    public long events(long minItemSupport) {
        return at(eventsAtLeast, minItemSupport);
    }

    /** The largest support of any item: a {@code minItemSupport} above it prunes everything. */
    public int maxSupport() {
        return itemsAtLeast.length - 2;
    }

    private static long at(long[] suffix, long minSupport) {
        long s = Math.max(1, minSupport);
        return s >= suffix.length ? 0 : suffix[(int) s];
    }
}
