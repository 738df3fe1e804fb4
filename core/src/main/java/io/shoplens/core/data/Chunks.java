package io.shoplens.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Append-only primitive columns stored in fixed-size chunks, so that growing never copies or doubles memory.
 * Used while events stream in, before they are sorted into the compact store.
 */
final class Chunks {
    static final int SHIFT = 16;
    static final int SIZE = 1 << SHIFT;
    static final int MASK = SIZE - 1;

    private Chunks() {
    }

    /** A growable int column. */
    static final class Ints {
        private final List<int[]> chunks = new ArrayList<>();
        private int[] current;
        private long size;

        void add(int v) {
            int off = (int) (size & MASK);
            if (off == 0) {
                current = new int[SIZE];
                chunks.add(current);
            }
            current[off] = v;
            size++;
        }

        int get(long i) {
            return chunks.get((int) (i >>> SHIFT))[(int) (i & MASK)];
        }

        long size() {
            return size;
        }

        /**
         * Counting-sort scatter: value {@code i} goes to {@code out[next[key[i]]++]}; {@code next} starts as a copy
         * of {@code offsets}. Stable.
         */
        int[] scatter(Ints key, int[] offsets) {
            int[] next = java.util.Arrays.copyOf(offsets, offsets.length);
            int[] out = new int[(int) size];
            for (int c = 0; c < chunks.size(); c++) {
                int[] keys = key.chunks.get(c);
                int[] values = chunks.get(c);
                int len = (int) Math.min(SIZE, size - ((long) c << SHIFT));
                for (int j = 0; j < len; j++) {
                    out[next[keys[j]]++] = values[j];
                }
            }
            return out;
        }

        void clear() {
            chunks.clear();
            current = null;
        }
    }

    /** A growable byte column. */
    static final class Bytes {
        private final List<byte[]> chunks = new ArrayList<>();
        private byte[] current;
        private long size;

        void add(byte v) {
            int off = (int) (size & MASK);
            if (off == 0) {
                current = new byte[SIZE];
                chunks.add(current);
            }
            current[off] = v;
            size++;
        }

        /** Counting-sort scatter by {@code key}, as {@link Ints#scatter}. */
        byte[] scatter(Ints key, int[] offsets) {
            int[] next = java.util.Arrays.copyOf(offsets, offsets.length);
            byte[] out = new byte[(int) size];
            for (int c = 0; c < chunks.size(); c++) {
                int[] keys = key.chunks.get(c);
                byte[] values = chunks.get(c);
                int len = (int) Math.min(SIZE, size - ((long) c << SHIFT));
                for (int j = 0; j < len; j++) {
                    out[next[keys[j]]++] = values[j];
                }
            }
            return out;
        }

        void clear() {
            chunks.clear();
            current = null;
        }
    }
}
