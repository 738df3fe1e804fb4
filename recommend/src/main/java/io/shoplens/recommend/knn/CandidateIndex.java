package io.shoplens.recommend.knn;

/**
 * The distinct items of a candidate list in an open-addressing hash table, so that a scan over a neighbour list
 * can tell in O(1) whether (and where) an item is a candidate. Built per scoring call; not thread-safe.
 */
final class CandidateIndex {
    private final int[] keys;
    private final int[] slots;
    private final int mask;
    private final int shift;
    private final int[] distinct;
    private final int[] slotOfCandidate;

    /** Indexes {@code candidates}; each must be in [0, numItems). */
    CandidateIndex(int[] candidates, int numItems) {
        int capacity = Integer.highestOneBit(Math.max(4, candidates.length * 2 - 1)) << 1;
        keys = new int[capacity];
        slots = new int[capacity];
        java.util.Arrays.fill(keys, -1);
        mask = capacity - 1;
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
        int[] d = new int[candidates.length];
        slotOfCandidate = new int[candidates.length];
        int n = 0;
        for (int c = 0; c < candidates.length; c++) {
            int item = candidates[c];
            if (item < 0 || item >= numItems) {
                throw new IllegalArgumentException("candidate item " + item + " is not in 0.." + (numItems - 1));
            }
            int h = hash(item);
            while (keys[h] != -1 && keys[h] != item) {
                h = (h + 1) & mask;
            }
            if (keys[h] == -1) {
                keys[h] = item;
                slots[h] = n;
                d[n++] = item;
            }
            slotOfCandidate[c] = slots[h];
        }
        distinct = java.util.Arrays.copyOf(d, n);
    }

    /** Number of distinct candidates. */
    int size() {
        return distinct.length;
    }

    /** The distinct candidate in slot {@code s}. */
    int item(int s) {
        return distinct[s];
    }

    /** The slot of {@code item}, or -1 when it is not a candidate. */
    int slot(int item) {
        int h = hash(item);
        while (true) {
            int k = keys[h];
            if (k == item) {
                return slots[h];
            }
            if (k == -1) {
                return -1;
            }
            h = (h + 1) & mask;
        }
    }

    /**
     * Adds {@code weight * values[p]} to {@code perSlot[slot]} for every entry {@code p} of the ascending run
     * {@code items[from..to)} that is a candidate: by binary search of each candidate when the run is much longer
     * than the candidate list, else by one hash lookup per entry.
     */
    void accumulate(int[] items, float[] values, int from, int to, float weight, float[] perSlot) {
        if ((long) distinct.length * Kernels.searchCost(to - from) < to - from) {
            for (int d = 0; d < distinct.length; d++) {
                int p = Kernels.find(items, from, to, distinct[d]);
                if (p >= 0) {
                    perSlot[d] += weight * values[p];
                }
            }
        } else {
            for (int p = from; p < to; p++) {
                int d = slot(items[p]);
                if (d >= 0) {
                    perSlot[d] += weight * values[p];
                }
            }
        }
    }

    /** Copies per-slot values to the candidate positions: {@code out[c] = perSlot[slot of candidate c]}. */
    void scatter(float[] perSlot, float[] out) {
        for (int c = 0; c < slotOfCandidate.length; c++) {
            out[c] = perSlot[slotOfCandidate[c]];
        }
    }

    private int hash(int item) {
        return (item * 0x9E3779B9) >>> shift;
    }
}
