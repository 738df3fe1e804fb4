package io.shoplens.serve;

import io.shoplens.core.data.IdMap;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-user overlay of journaled events on top of the training data. Each user's live events are an
 * immutable snapshot replaced on every change (one writer: the journal thread), so readers never lock.
 * Events are kept in arrival order; at most {@link #MAX_PER_USER} per user (the oldest are dropped from the
 * overlay, never from the journal).
 *
 * <p>Thread-safe: one writer, any number of readers.
 */
public final class LiveHistory {
    /** Most live events kept per user. */
    public static final int MAX_PER_USER = 1_000;

    /**
     * One user's live events, in arrival order.
     *
     * @param items     item indexes in the served catalogue
     * @param behaviors behaviour codes 0..3
     * @param times     epoch seconds
     * @param seqs      journal sequence numbers, increasing
     */
    public record Events(int[] items, byte[] behaviors, long[] times, long[] seqs) {
        static final Events EMPTY = new Events(new int[0], new byte[0], new long[0], new long[0]);

        /** Sequence number of the newest event, 0 when empty: the user's history version. */
        public long version() {
            return seqs.length == 0 ? 0 : seqs[seqs.length - 1];
        }

        /** Index of the first event with a sequence number above {@code seq}. */
        public int firstAfter(long seq) {
            int i = Arrays.binarySearch(seqs, seq + 1);
            return i >= 0 ? i : -i - 1;
        }
    }

    private final IdMap items;
    private final ConcurrentHashMap<String, Events> byUser = new ConcurrentHashMap<>();
    private volatile long total;

    /** @param items the served catalogue's item ids (frozen) */
    public LiveHistory(IdMap items) {
        this.items = items;
    }

    /** The live events of {@code user}, empty when none. */
    public Events of(String user) {
        Events e = byUser.get(user);
        return e == null ? Events.EMPTY : e;
    }

    /** Users with live events. */
    public int users() {
        return byUser.size();
    }

    /** Events applied since start (replayed ones included). */
    public long total() {
        return total;
    }

    /** Adds journaled events, in order; called by the journal's single writer thread (and on replay). */
    public void apply(List<LiveEvent> events) {
        for (LiveEvent e : events) {
            int item = items.indexOf(e.item());
            if (item < 0) {
                throw new IllegalStateException("journal event " + e.seq() + " names item '" + e.item()
                        + "', which is not in the served catalogue");
            }
            byUser.compute(e.user(), (u, old) -> append(old == null ? Events.EMPTY : old, item, e));
        }
        total += events.size();
    }

    private static Events append(Events old, int item, LiveEvent e) {
        int n = old.items.length;
        int drop = n + 1 > MAX_PER_USER ? n + 1 - MAX_PER_USER : 0;
        int m = n + 1 - drop;
        int[] it = new int[m];
        byte[] be = new byte[m];
        long[] ti = new long[m];
        long[] sq = new long[m];
        System.arraycopy(old.items, drop, it, 0, n - drop);
        System.arraycopy(old.behaviors, drop, be, 0, n - drop);
        System.arraycopy(old.times, drop, ti, 0, n - drop);
        System.arraycopy(old.seqs, drop, sq, 0, n - drop);
        it[m - 1] = item;
        be[m - 1] = e.behavior().code();
        ti[m - 1] = e.time();
        sq[m - 1] = e.seq();
        return new Events(it, be, ti, sq);
    }
}
