package io.shoplens.core.data;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Immutable, compact store of behaviour events, indexed both ways: by user (CSR, each user's events in time
 * order) and by item (CSR over the same events, by user then time within an item).
 *
 * <p>Users, items and categories are dense indexes {@code 0..n-1} mapped to external ids by {@link IdMap}s that
 * may be shared with other stores of the same data set (a split's train and test stores use the same ids, so
 * {@link #numItems()} is the whole catalogue even when a store holds only part of the events).
 *
 * <p>Events are addressed by their position {@code p} in user order, {@code 0..numEvents()-1}. Memory: 13 bytes
 * per event (item, category and time 4 bytes each, behaviour 1 byte) plus 4 bytes per user and per item; the
 * item-side slots ({@link #userAtSlot}, {@link #positionAtSlot}) add 8 bytes per event, built on first use. Times
 * are kept as int seconds from {@link #timeBase()}.
 *
 * <p>Thread-safe: nothing changes after construction.
 */
public final class InteractionStore {
    /** Time base for real timestamps: 2000-01-01T00:00:00Z in epoch seconds. */
    public static final long EPOCH_2000 = 946_684_800L;

    private final IdMap users;
    private final IdMap items;
    private final IdMap categories;
    private final int[] userOffsets;
    private final int[] item;
    private final int[] category;
    private final byte[] behavior;
    private final int[] time;
    private final long timeBase;
    private final boolean ordinalTime;
    private final int[] itemOffsets;
    /** The item-side slots (positions and users), built on first use: most models never read them. */
    private volatile ItemSlots slots;

    /** Item-side slot arrays: for slot s, the event's position in user order and its user. */
    private record ItemSlots(int[] positions, int[] users) {
    }

    /**
     * Builds the item-side index over events already in user order. Arrays are taken, not copied.
     *
     * @param userOffsets length numUsers+1; user u's events are positions [userOffsets[u], userOffsets[u+1])
     */
    InteractionStore(IdMap users, IdMap items, IdMap categories, int[] userOffsets, int[] item, int[] category,
                     byte[] behavior, int[] time, long timeBase, boolean ordinalTime) {
        this.users = users;
        this.items = items;
        this.categories = categories;
        this.userOffsets = userOffsets;
        this.item = item;
        this.category = category;
        this.behavior = behavior;
        this.time = time;
        this.timeBase = timeBase;
        this.ordinalTime = ordinalTime;
        int numItems = items.size();
        itemOffsets = new int[numItems + 1];
        for (int it : item) {
            itemOffsets[it + 1]++;
        }
        for (int i = 0; i < numItems; i++) {
            itemOffsets[i + 1] += itemOffsets[i];
        }
    }

    private ItemSlots slots() {
        ItemSlots s = slots;
        if (s == null) {
            synchronized (this) {
                s = slots;
                if (s == null) {
                    int[] next = Arrays.copyOf(itemOffsets, itemOffsets.length - 1);
                    int[] positions = new int[item.length];
                    int[] users = new int[item.length];
                    int numUsers = userOffsets.length - 1;
                    for (int u = 0; u < numUsers; u++) {
                        for (int p = userOffsets[u]; p < userOffsets[u + 1]; p++) {
                            int slot = next[item[p]]++;
                            positions[slot] = p;
                            users[slot] = u;
                        }
                    }
                    s = new ItemSlots(positions, users);
                    slots = s;
                }
            }
        }
        return s;
    }

    /** Number of users in the id space (some may have no events in this store). */
    public int numUsers() {
        return userOffsets.length - 1;
    }

    /** Number of items in the id space (some may have no events in this store). */
    public int numItems() {
        return itemOffsets.length - 1;
    }

    /** Number of categories in the id space. */
    public int numCategories() {
        return categories.size();
    }

    /** Number of events. */
    public int numEvents() {
        return item.length;
    }

    /** User ids. */
    public IdMap users() {
        return users;
    }

    /** Item ids. */
    public IdMap items() {
        return items;
    }

    /** Category ids. */
    public IdMap categories() {
        return categories;
    }

    /** First position of user {@code u}'s events. */
    public int userStart(int u) {
        return userOffsets[u];
    }

    /** Position just past user {@code u}'s last event. */
    public int userEnd(int u) {
        return userOffsets[u + 1];
    }

    /** Number of events of user {@code u}. */
    public int userLength(int u) {
        return userOffsets[u + 1] - userOffsets[u];
    }

    /** Item of the event at position {@code p}. */
    public int itemAt(int p) {
        return item[p];
    }

    /** Category of the event at {@code p}, or -1 when the source had none. */
    public int categoryAt(int p) {
        return category[p];
    }

    /** Behaviour of the event at {@code p}. */
    public Behavior behaviorAt(int p) {
        return Behavior.ofCode(behavior[p]);
    }

    /** Behaviour code (0 pv, 1 cart, 2 fav, 3 buy) of the event at {@code p}. */
    public int behaviorCodeAt(int p) {
        return behavior[p];
    }

    /** Time of the event at {@code p}: epoch seconds UTC, or a row ordinal when {@link #ordinalTime()}. */
    public long timeAt(int p) {
        return timeBase + time[p];
    }

    /** Base added to the stored int times. */
    public long timeBase() {
        return timeBase;
    }

    /** True when the source had no timestamps and times are row ordinals that only order events. */
    public boolean ordinalTime() {
        return ordinalTime;
    }

    /** First slot of item {@code i} in the item-side index. */
    public int itemStart(int i) {
        return itemOffsets[i];
    }

    /** Slot just past item {@code i}'s last event in the item-side index. */
    public int itemEnd(int i) {
        return itemOffsets[i + 1];
    }

    /** Number of events on item {@code i}. */
    public int itemLength(int i) {
        return itemOffsets[i + 1] - itemOffsets[i];
    }

    /** User of the event in item-side slot {@code slot}. */
    public int userAtSlot(int slot) {
        return slots().users()[slot];
    }

    /** Position (in user order) of the event in item-side slot {@code slot}. */
    public int positionAtSlot(int slot) {
        return slots().positions()[slot];
    }

    /** Events per item, length {@link #numItems()}. */
    public long[] itemCounts() {
        long[] c = new long[numItems()];
        for (int i = 0; i < c.length; i++) {
            c[i] = itemLength(i);
        }
        return c;
    }

    /** The items of user {@code u}'s events in time order (repeats kept). */
    public int[] userItems(int u) {
        return Arrays.copyOfRange(item, userOffsets[u], userOffsets[u + 1]);
    }

    /** User {@code u}'s history in this store, as scoring input for a model. */
    public UserHistory history(int u) {
        int s = userOffsets[u];
        int e = userOffsets[u + 1];
        long[] times = new long[e - s];
        for (int p = s; p < e; p++) {
            times[p - s] = timeBase + time[p];
        }
        return new UserHistory(u, Arrays.copyOfRange(item, s, e), Arrays.copyOfRange(behavior, s, e), times);
    }

    /** Number of users with at least one event. */
    public int activeUsers() {
        int n = 0;
        for (int u = 0; u < numUsers(); u++) {
            if (userLength(u) > 0) {
                n++;
            }
        }
        return n;
    }

    /** Number of items with at least one event. */
    public int activeItems() {
        int n = 0;
        for (int i = 0; i < numItems(); i++) {
            if (itemLength(i) > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * A store of the events whose position satisfies {@code keep} (asked once per position), over the same id
     * space (same id maps, same numbers of users and items).
     */
    public InteractionStore filter(IntPredicate keep) {
        int numUsers = numUsers();
        int[] offsets = new int[numUsers + 1];
        boolean[] kept = new boolean[item.length];
        int count = 0;
        for (int u = 0; u < numUsers; u++) {
            for (int p = userOffsets[u]; p < userOffsets[u + 1]; p++) {
                kept[p] = keep.test(p);
                if (kept[p]) {
                    count++;
                }
            }
            offsets[u + 1] = count;
        }
        int[] it = new int[count];
        int[] cat = new int[count];
        byte[] beh = new byte[count];
        int[] tm = new int[count];
        int q = 0;
        for (int p = 0; p < item.length; p++) {
            if (kept[p]) {
                it[q] = item[p];
                cat[q] = category[p];
                beh[q] = behavior[p];
                tm[q] = time[p];
                q++;
            }
        }
        return new InteractionStore(users, items, categories, offsets, it, cat, beh, tm, timeBase, ordinalTime);
    }

    /** Approximate heap bytes held by this store's arrays (id maps excluded), item-side slots when built. */
    public long arrayBytes() {
        ItemSlots s = slots;
        return 4L * (userOffsets.length + item.length + category.length + time.length + itemOffsets.length
                + (s == null ? 0 : 2L * item.length)) + behavior.length;
    }

    /** Heap bytes of the arrays of a store of {@code events} events, {@code users} users and {@code items} items. */
    public static long arrayBytes(long events, long users, long items) {
        return 13L * events + 4L * (users + items + 2);
    }
}
