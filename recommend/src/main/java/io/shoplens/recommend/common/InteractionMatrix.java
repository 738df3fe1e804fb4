package io.shoplens.recommend.common;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import it.unimi.dsi.fastutil.ints.Int2DoubleOpenHashMap;
import java.util.Arrays;

/**
 * The sparse user × item matrix of interaction strengths that classical recommenders learn from, indexed both ways
 * (CSR by user, CSC by item). Each stored pair appears once, with a strength &gt; 0 made by a {@link Weighting}
 * from all of the pair's events; column indexes within a row are ascending. Immutable and thread-safe.
 */
public final class InteractionMatrix {
    private final int numUsers;
    private final int numItems;
    private final int[] userPtr;
    private final int[] userItems;
    private final float[] userValues;
    private final int[] itemPtr;
    private final int[] itemUsers;
    private final float[] itemValues;

    private InteractionMatrix(int numUsers, int numItems, int[] userPtr, int[] userItems, float[] userValues,
                              int[] itemPtr, int[] itemUsers, float[] itemValues) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.userPtr = userPtr;
        this.userItems = userItems;
        this.userValues = userValues;
        this.itemPtr = itemPtr;
        this.itemUsers = itemUsers;
        this.itemValues = itemValues;
    }

    private InteractionMatrix(int numUsers, int numItems, int[] userPtr, int[] userItems, float[] userValues) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.userPtr = userPtr;
        this.userItems = userItems;
        this.userValues = userValues;
        itemPtr = new int[numItems + 1];
        for (int i : userItems) {
            itemPtr[i + 1]++;
        }
        for (int i = 0; i < numItems; i++) {
            itemPtr[i + 1] += itemPtr[i];
        }
        int[] next = Arrays.copyOf(itemPtr, numItems);
        itemUsers = new int[userItems.length];
        itemValues = new float[userItems.length];
        for (int u = 0; u < numUsers; u++) {
            for (int k = userPtr[u]; k < userPtr[u + 1]; k++) {
                int slot = next[userItems[k]]++;
                itemUsers[slot] = u;
                itemValues[slot] = userValues[k];
            }
        }
    }

    /**
     * The matrix of {@code store} under {@code weighting}; decay is relative to the store's newest event. Positional
     * recency ({@link Weighting#halfLifeEvents()}) is a property of the history being scored and is not applied
     * here, so the learned similarities and factors see every training event at full strength. Memory: the
     * {@link #bytes} of the result; the pairs are counted first, so nothing of the events' size is allocated.
     */
    public static InteractionMatrix of(InteractionStore store, Weighting weighting) {
        long now = newest(store);
        int numUsers = store.numUsers();
        int[] ptr = new int[numUsers + 1];
        int[] lastUser = new int[store.numItems()];
        Arrays.fill(lastUser, -1);
        long pairs = 0;
        for (int u = 0; u < numUsers; u++) {
            for (int p = store.userStart(u); p < store.userEnd(u); p++) {
                int item = store.itemAt(p);
                if (lastUser[item] != u) {
                    lastUser[item] = u;
                    pairs++;
                }
            }
        }
        if (pairs > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the training events hold "
                    + "%,d distinct user-item pairs, more than one matrix can index (%,d); prune with "
                    + "minItemSupport or lastEvents", pairs, Integer.MAX_VALUE - 8));
        }
        int[] items = new int[(int) pairs];
        float[] values = new float[(int) pairs];
        int nnz = 0;
        Int2DoubleOpenHashMap row = new Int2DoubleOpenHashMap();
        for (int u = 0; u < numUsers; u++) {
            row.clear();
            for (int p = store.userStart(u); p < store.userEnd(u); p++) {
                double w = weighting.eventWeight(store.behaviorCodeAt(p), store.timeAt(p), now, store.ordinalTime(),
                        0);
                int item = store.itemAt(p);
                row.put(item, weighting.combine(row.getOrDefault(item, 0.0), w));
            }
            int[] keys = row.keySet().toIntArray();
            Arrays.sort(keys);
            for (int item : keys) {
                double v = row.get(item);
                if (v > 0) {
                    items[nnz] = item;
                    values[nnz] = (float) v;
                    nnz++;
                }
            }
            ptr[u + 1] = nnz;
        }
        return new InteractionMatrix(numUsers, store.numItems(), ptr, nnz == items.length ? items
                : Arrays.copyOf(items, nnz), nnz == values.length ? values : Arrays.copyOf(values, nnz));
    }

    /**
     * Heap bytes of a matrix of {@code users} rows, {@code items} columns and {@code pairs} stored pairs, both
     * ways (what {@link #of} allocates).
     */
    public static long bytes(long users, long items, long pairs) {
        return 16 * pairs + 4 * (users + items + 2) + 6 * 16;
    }

    /**
     * The same pattern with every strength {@code v} replaced by {@code f(v)} (e.g. a confidence), sharing this
     * matrix's index arrays: {@code 8} bytes per pair.
     */
    public InteractionMatrix withValues(java.util.function.DoubleUnaryOperator f) {
        float[] uv = new float[userValues.length];
        for (int k = 0; k < uv.length; k++) {
            uv[k] = (float) f.applyAsDouble(userValues[k]);
        }
        float[] iv = new float[itemValues.length];
        for (int k = 0; k < iv.length; k++) {
            iv[k] = (float) f.applyAsDouble(itemValues[k]);
        }
        return new InteractionMatrix(numUsers, numItems, userPtr, userItems, uv, itemPtr, itemUsers, iv);
    }

    /**
     * One user's row built from a history (for scoring users with live or extra events), as parallel arrays of
     * ascending item indexes and strengths; decay is relative to the history's last event.
     */
    public static Row rowOf(UserHistory h, Weighting weighting, boolean ordinalTime) {
        long now = h.length() == 0 ? 0 : h.times()[h.length() - 1];
        Int2DoubleOpenHashMap row = new Int2DoubleOpenHashMap();
        for (int k = 0; k < h.length(); k++) {
            double w = weighting.eventWeight(h.behaviors()[k], h.times()[k], now, ordinalTime, h.length() - 1 - k);
            row.put(h.items()[k], weighting.combine(row.getOrDefault(h.items()[k], 0.0), w));
        }
        int[] keys = row.keySet().toIntArray();
        Arrays.sort(keys);
        int n = 0;
        int[] items = new int[keys.length];
        float[] values = new float[keys.length];
        for (int item : keys) {
            double v = row.get(item);
            if (v > 0) {
                items[n] = item;
                values[n] = (float) v;
                n++;
            }
        }
        return new Row(Arrays.copyOf(items, n), Arrays.copyOf(values, n));
    }

    /**
     * A sparse row: ascending item indexes with their strengths.
     *
     * @param items  item indexes, ascending
     * @param values strengths &gt; 0, same length
     */
    public record Row(int[] items, float[] values) {
        /** Number of stored entries. */
        public int size() {
            return items.length;
        }
    }

    private static long newest(InteractionStore s) {
        long t = Long.MIN_VALUE;
        for (int p = 0; p < s.numEvents(); p++) {
            t = Math.max(t, s.timeAt(p));
        }
        return t;
    }

    /**
     * One direction of the matrix as its own arrays, shared and not to be modified: row {@code r}'s entries are
     * {@code [ptr[r], ptr[r+1])} with the other side's index and the strength.
     *
     * @param ptr    row pointers, length rows + 1
     * @param index  column (item of a user row, user of an item row) of each entry
     * @param values strength of each entry
     */
    public record Side(int[] ptr, int[] index, float[] values) {
        /** Number of rows. */
        public int rows() {
            return ptr.length - 1;
        }
    }

    /** The user rows (CSR), shared read-only. */
    public Side byUser() {
        return new Side(userPtr, userItems, userValues);
    }

    /** The item columns (CSC), shared read-only. */
    public Side byItem() {
        return new Side(itemPtr, itemUsers, itemValues);
    }

    /** Number of users (rows). */
    public int numUsers() {
        return numUsers;
    }

    /** Number of items (columns). */
    public int numItems() {
        return numItems;
    }

    /** Number of stored pairs. */
    public int nnz() {
        return userItems.length;
    }

    /** First entry of user {@code u}'s row. */
    public int userStart(int u) {
        return userPtr[u];
    }

    /** One past the last entry of user {@code u}'s row. */
    public int userEnd(int u) {
        return userPtr[u + 1];
    }

    /** Item of row entry {@code k}. */
    public int userItem(int k) {
        return userItems[k];
    }

    /** Strength of row entry {@code k}. */
    public float userValue(int k) {
        return userValues[k];
    }

    /** First entry of item {@code i}'s column. */
    public int itemStart(int i) {
        return itemPtr[i];
    }

    /** One past the last entry of item {@code i}'s column. */
    public int itemEnd(int i) {
        return itemPtr[i + 1];
    }

    /** User of column entry {@code k}. */
    public int itemUser(int k) {
        return itemUsers[k];
    }

    /** Strength of column entry {@code k}. */
    public float itemValue(int k) {
        return itemValues[k];
    }

    /** Number of users who interacted with item {@code i}. */
    public int itemDegree(int i) {
        return itemPtr[i + 1] - itemPtr[i];
    }

    /** Number of items user {@code u} interacted with. */
    public int userDegree(int u) {
        return userPtr[u + 1] - userPtr[u];
    }
}
