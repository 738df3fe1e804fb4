package io.shoplens.serve;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.IdMap;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.Arrays;
import java.util.List;

/**
 * The behaviour data a model set serves from: every user's history and the id maps, the items ranked by
 * popularity (the cold-start answer), and how much of the journal is already inside the store.
 *
 * @param store      all events known when the model set was made (the data file, plus the journal after a
 *                   retraining)
 * @param popular    item indexes by number of events, most first, ties to the lower index
 * @param journalSeq journal events with a sequence number up to this one are inside {@code store}; later ones
 *                   come from the live overlay
 */
public record ServedData(InteractionStore store, int[] popular, long journalSeq) {
    /** Data over {@code store}, which holds the journal events up to {@code journalSeq} (0: none). */
    public static ServedData of(InteractionStore store, long journalSeq) {
        long[] counts = store.itemCounts();
        int[] popular = new int[counts.length];
        for (int i = 0; i < popular.length; i++) {
            popular[i] = i;
        }
        IntArrays.parallelQuickSort(popular, (a, b) -> counts[a] != counts[b] ? Long.compare(counts[b], counts[a])
                : Integer.compare(a, b));
        return new ServedData(store, popular, journalSeq);
    }

    /**
     * The store of {@code base}'s events plus {@code journal} (events whose sequence number is above
     * {@code base.journalSeq()}), in the same item and category id space; users new in the journal get new
     * indexes after the old ones. For logs without timestamps (row order), journal events are placed after the
     * newest base event in journal order.
     */
    public static ServedData withJournal(ServedData base, List<LiveEvent> journal) {
        InteractionStore s = base.store();
        IdMap users = new IdMap("user");
        IdMap items = new IdMap("item");
        IdMap categories = new IdMap("category");
        for (int u = 0; u < s.numUsers(); u++) {
            users.intern(s.users().externalId(u));
        }
        for (int i = 0; i < s.numItems(); i++) {
            items.intern(s.items().externalId(i));
        }
        for (int c = 0; c < s.numCategories(); c++) {
            categories.intern(s.categories().externalId(c));
        }
        int[] itemCategory = new int[s.numItems()];
        Arrays.fill(itemCategory, -1);
        long maxTime = Long.MIN_VALUE;
        InteractionStoreBuilder b = new InteractionStoreBuilder(users, items, categories).timeKind(s.ordinalTime());
        for (int u = 0; u < s.numUsers(); u++) {
            for (int p = s.userStart(u); p < s.userEnd(u); p++) {
                int it = s.itemAt(p);
                int c = s.categoryAt(p);
                itemCategory[it] = c;
                long t = s.timeAt(p);
                maxTime = Math.max(maxTime, t);
                b.event(s.users().externalId(u), s.items().externalId(it), c < 0 ? null : s.categories()
                        .externalId(c), s.behaviorAt(p), t);
            }
        }
        long last = base.journalSeq();
        long ordinal = maxTime == Long.MIN_VALUE ? 0 : maxTime;
        for (LiveEvent e : journal) {
            if (e.seq() <= base.journalSeq()) {
                continue;
            }
            int it = s.items().indexOf(e.item());
            if (it < 0) {
                throw new IllegalStateException("journal event " + e.seq() + " names item '" + e.item()
                        + "', which is not in the served catalogue");
            }
            int c = itemCategory[it];
            long t = s.ordinalTime() ? ++ordinal : e.time();
            Behavior beh = e.behavior();
            b.event(e.user(), e.item(), c < 0 ? null : s.categories().externalId(c), beh, t);
            last = Math.max(last, e.seq());
        }
        return of(b.build(), last);
    }
}
