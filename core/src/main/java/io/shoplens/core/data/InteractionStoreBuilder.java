package io.shoplens.core.data;

import java.util.Arrays;

/**
 * Collects events as they stream from readers and builds an {@link InteractionStore}: ids are interned to dense
 * indexes, events are kept in chunked columns (no copying while growing), then sorted by user and, within a
 * user, by time (ties keep arrival order).
 *
 * <p>Peak memory while building is about 21 bytes per event plus the id maps. Not thread-safe. One builder builds one store.
 */
public final class InteractionStoreBuilder implements EventSink {
    private final IdMap users;
    private final IdMap items;
    private final IdMap categories;
    private final Chunks.Ints userCol = new Chunks.Ints();
    private final Chunks.Ints itemCol = new Chunks.Ints();
    private final Chunks.Ints categoryCol = new Chunks.Ints();
    private final Chunks.Bytes behaviorCol = new Chunks.Bytes();
    private final Chunks.Ints timeCol = new Chunks.Ints();
    private Boolean ordinalTime;
    private long timeBase;
    private boolean built;

    /** A builder with new, empty id maps. */
    public InteractionStoreBuilder() {
        this(new IdMap("user"), new IdMap("item"), new IdMap("category"));
    }

    /**
     * A builder that interns into the given id maps, e.g. maps that already hold the item catalogue so that
     * items without events still have an index.
     */
    public InteractionStoreBuilder(IdMap users, IdMap items, IdMap categories) {
        this.users = users;
        this.items = items;
        this.categories = categories;
    }

    /**
     * Declares how times are encoded before the first event: {@code true} for row ordinals (formats without
     * timestamps), {@code false} for epoch seconds. Mixing both in one store is an error.
     */
    public InteractionStoreBuilder timeKind(boolean ordinal) {
        if (ordinalTime != null && ordinalTime != ordinal) {
            throw new DataException("cannot mix files with timestamps and files without (ordinal order) in one "
                    + "data set");
        }
        ordinalTime = ordinal;
        timeBase = ordinal ? 0 : InteractionStore.EPOCH_2000;
        return this;
    }

    /** User ids being filled. */
    public IdMap users() {
        return users;
    }

    /** Item ids being filled. */
    public IdMap items() {
        return items;
    }

    /** Category ids being filled. */
    public IdMap categories() {
        return categories;
    }

    /** Events added so far. */
    public long size() {
        return itemCol.size();
    }

    @Override
    public void event(long user, long item, long category, Behavior behavior, long time) {
        add(users.intern(user), items.intern(item), category == NO_CATEGORY ? -1 : categories.intern(category),
                behavior, time);
    }

    @Override
    public void event(String user, String item, String category, Behavior behavior, long time) {
        add(users.intern(user), items.intern(item), category == null ? -1 : categories.intern(category), behavior,
                time);
    }

    private void add(int u, int i, int c, Behavior b, long t) {
        if (ordinalTime == null) {
            timeKind(false);
        }
        if (built) {
            throw new IllegalStateException("this builder already built its store");
        }
        if (size() == Integer.MAX_VALUE - 8) {
            throw new DataException("more than " + (Integer.MAX_VALUE - 8) + " events do not fit one store; "
                    + "use the Spark engine for larger logs");
        }
        long rel = t - timeBase;
        if (rel < Integer.MIN_VALUE || rel > Integer.MAX_VALUE) {
            throw new DataException("time " + t + " is outside the range the store can hold ("
                    + (timeBase + Integer.MIN_VALUE) + ".." + (timeBase + Integer.MAX_VALUE) + ")");
        }
        userCol.add(u);
        itemCol.add(i);
        categoryCol.add(c);
        behaviorCol.add(b.code());
        timeCol.add((int) rel);
    }

    /** Sorts the events and returns the store; the id maps are frozen. */
    public InteractionStore build() {
        if (built) {
            throw new IllegalStateException("this builder already built its store");
        }
        built = true;
        int n = (int) size();
        int numUsers = users.size();
        int[] offsets = new int[numUsers + 1];
        for (long i = 0; i < n; i++) {
            offsets[userCol.get(i) + 1]++;
        }
        for (int u = 0; u < numUsers; u++) {
            offsets[u + 1] += offsets[u];
        }
        int[] time = timeCol.scatter(userCol, offsets);
        timeCol.clear();
        int[] item = itemCol.scatter(userCol, offsets);
        itemCol.clear();
        int[] category = categoryCol.scatter(userCol, offsets);
        categoryCol.clear();
        byte[] behavior = behaviorCol.scatter(userCol, offsets);
        behaviorCol.clear();
        userCol.clear();
        sortWithinUsers(offsets, time, item, category, behavior);
        users.freeze();
        items.freeze();
        categories.freeze();
        return new InteractionStore(users, items, categories, offsets, item, category, behavior, time, timeBase,
                Boolean.TRUE.equals(ordinalTime));
    }

    /** Orders each user's events by time, stably (ties keep arrival order), moving all columns together. */
    private static void sortWithinUsers(int[] offsets, int[] time, int[] item, int[] category, byte[] behavior) {
        long[] keys = new long[0];
        for (int u = 0; u + 1 < offsets.length; u++) {
            int s = offsets[u];
            int e = offsets[u + 1];
            boolean sorted = true;
            for (int p = s + 1; p < e; p++) {
                if (time[p] < time[p - 1]) {
                    sorted = false;
                    break;
                }
            }
            if (sorted) {
                continue;
            }
            int len = e - s;
            if (keys.length < len) {
                keys = new long[Math.max(len, keys.length * 2)];
            }
            for (int p = s; p < e; p++) {
                keys[p - s] = ((long) time[p] << 32) | (p - s);
            }
            Arrays.sort(keys, 0, len);
            int[] segTime = Arrays.copyOfRange(time, s, e);
            int[] segItem = Arrays.copyOfRange(item, s, e);
            int[] segCategory = Arrays.copyOfRange(category, s, e);
            byte[] segBehavior = Arrays.copyOfRange(behavior, s, e);
            for (int k = 0; k < len; k++) {
                int from = (int) (keys[k] & 0xffffffffL);
                time[s + k] = segTime[from];
                item[s + k] = segItem[from];
                category[s + k] = segCategory[from];
                behavior[s + k] = segBehavior[from];
            }
        }
    }
}
