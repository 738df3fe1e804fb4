package io.shoplens.core.data;

import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;

/**
 * Two-way mapping between external ids (as found in source files) and dense indexes {@code 0..size()-1},
 * assigned in order of first appearance.
 *
 * <p>Numeric ids take a fast path without strings. A textual id that is the canonical decimal form of a
 * non-negative long ({@code "123"}, not {@code "0123"}) is the same id as that number, so files that write the
 * same ids as numbers and as text agree. Memory: about 20 bytes per numeric id.
 *
 * <p>Not thread-safe while being filled; {@link #freeze()} makes it read-only, after which concurrent reads
 * are safe.
 */
public final class IdMap {
    private static final long NO_NUMBER = Long.MIN_VALUE;

    private final String name;
    private final Long2IntOpenHashMap numeric = new Long2IntOpenHashMap();
    private final Object2IntOpenHashMap<String> textual = new Object2IntOpenHashMap<>();
    private final Int2ObjectOpenHashMap<String> textOfIndex = new Int2ObjectOpenHashMap<>();
    private long[] numberOfIndex = new long[1024];
    private int size;
    private boolean frozen;

    /** @param name what the ids identify ("user", "item", "category"), used in messages */
    public IdMap(String name) {
        this.name = name;
        numeric.defaultReturnValue(-1);
        textual.defaultReturnValue(-1);
    }

    /** What the ids identify, e.g. {@code "item"}. */
    public String name() {
        return name;
    }

    /** Number of distinct ids. */
    public int size() {
        return size;
    }

    /** The index of {@code id}, assigning the next free index when the id is new. */
    public int intern(long id) {
        int idx = numeric.get(id);
        if (idx >= 0) {
            return idx;
        }
        checkWritable(Long.toString(id));
        idx = size++;
        numeric.put(id, idx);
        if (idx == numberOfIndex.length) {
            numberOfIndex = Arrays.copyOf(numberOfIndex, idx * 2);
        }
        numberOfIndex[idx] = id;
        return idx;
    }

    /** The index of {@code id}, assigning the next free index when the id is new. */
    public int intern(String id) {
        long asNumber = canonicalLong(id);
        if (asNumber != NO_NUMBER) {
            return intern(asNumber);
        }
        int idx = textual.getInt(id);
        if (idx >= 0) {
            return idx;
        }
        checkWritable(id);
        idx = size++;
        textual.put(id, idx);
        textOfIndex.put(idx, id);
        if (idx == numberOfIndex.length) {
            numberOfIndex = Arrays.copyOf(numberOfIndex, idx * 2);
        }
        numberOfIndex[idx] = NO_NUMBER;
        return idx;
    }

    /** The index of {@code id}, or -1 when it is unknown. */
    public int indexOf(long id) {
        return numeric.get(id);
    }

    /** The index of {@code id}, or -1 when it is unknown. */
    public int indexOf(String id) {
        long asNumber = canonicalLong(id);
        return asNumber != NO_NUMBER ? numeric.get(asNumber) : textual.getInt(id);
    }

    /** The external id of {@code index} in text form. */
    public String externalId(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(name + " index " + index + " is not in 0.." + (size - 1));
        }
        long n = numberOfIndex[index];
        return n != NO_NUMBER ? Long.toString(n) : textOfIndex.get(index);
    }

    /** Makes the map read-only; later {@code intern} calls of unknown ids fail. */
    public IdMap freeze() {
        frozen = true;
        numberOfIndex = Arrays.copyOf(numberOfIndex, Math.max(size, 1));
        numeric.trim();
        textual.trim();
        return this;
    }

    /** Whether {@link #freeze()} was called. */
    public boolean isFrozen() {
        return frozen;
    }

    private void checkWritable(String id) {
        if (frozen) {
            throw new IllegalStateException("cannot add " + name + " id '" + id + "': the " + name
                    + " id map is frozen");
        }
    }

    /** The long value of a canonical non-negative decimal, or {@link #NO_NUMBER}. */
    static long canonicalLong(String s) {
        int n = s.length();
        if (n == 0 || n > 19 || (n > 1 && s.charAt(0) == '0')) {
            return NO_NUMBER;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || v > (Long.MAX_VALUE - (c - '0')) / 10) {
                return NO_NUMBER;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
