package io.shoplens.recommend.ease;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The item-item weight matrix B of EASE over the model's {@code n} items (local indexes), either dense or pruned
 * to the largest weights per target item. Row {@code i} holds what history item {@code i} adds to each target;
 * {@code B[i][i] = 0}. Scores are sums over the history in ascending item order, accumulated in double, so that
 * {@link #addRow}, {@link #dot} and {@link #weight} agree to the last bit.
 */
sealed interface EaseWeights permits EaseWeights.Dense, EaseWeights.Pruned {
    /** Bytes per chunk when streaming floats to and from model files. */
    int IO_CHUNK_BYTES = 1 << 20;

    /** Number of items {@code n}. */
    int size();

    /** B[i][j]. */
    float weight(int i, int j);

    /** {@code acc[j] += x * B[i][j]} for every target j. */
    void addRow(int i, float x, double[] acc);

    /** {@code sum_k x[k] * B[rows[k]][j]}, in the order given ({@code rows} ascending). */
    double dot(int[] rows, float[] x, int count, int j);

    /** Number of stored weights. */
    long stored();

    /** Writes the weights (after a kind tag written by the caller). */
    void write(DataOutputStream out) throws IOException;

    /** A dense n × n matrix, row-major: {@code b[i * n + j] = B[i][j]}. */
    final class Dense implements EaseWeights {
        /** The largest n whose n² floats fit one Java array. */
        static final int MAX_N = 46_340;

        private final int n;
        private final float[] b;

        Dense(int n, float[] b) {
            if ((long) n * n != b.length) {
                throw new IllegalArgumentException("dense weights need " + ((long) n * n) + " floats for " + n
                        + " items, got " + b.length);
            }
            this.n = n;
            this.b = b;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public float weight(int i, int j) {
            return b[i * n + j];
        }

        @Override
        public void addRow(int i, float x, double[] acc) {
            int base = i * n;
            for (int j = 0; j < n; j++) {
                acc[j] += (double) x * b[base + j];
            }
        }

        @Override
        public double dot(int[] rows, float[] x, int count, int j) {
            double s = 0;
            for (int k = 0; k < count; k++) {
                s += (double) x[k] * b[rows[k] * n + j];
            }
            return s;
        }

        @Override
        public long stored() {
            return b.length;
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeInt(n);
            writeFloats(out, b);
        }

        static Dense read(DataInputStream in) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > MAX_N) {
                throw new IOException("corrupt EASE model: " + n + " dense items");
            }
            float[] b = new float[n * n];
            readFloats(in, b);
            return new Dense(n, b);
        }
    }

    /**
     * B pruned to at most {@code k} weights per target column (largest magnitude), stored by column (for scoring
     * candidates) and by row (for scoring all items); row indexes within a column and column indexes within a row
     * ascend.
     */
    final class Pruned implements EaseWeights {
        private final int n;
        private final int[] colPtr;
        private final int[] colRows;
        private final float[] colValues;
        private final int[] rowPtr;
        private final int[] rowCols;
        private final float[] rowValues;

        /** Takes the column-wise arrays and builds the row-wise copy. */
        Pruned(int n, int[] colPtr, int[] colRows, float[] colValues) {
            this.n = n;
            this.colPtr = colPtr;
            this.colRows = colRows;
            this.colValues = colValues;
            int nnz = colPtr[n];
            rowPtr = new int[n + 1];
            for (int k = 0; k < nnz; k++) {
                rowPtr[colRows[k] + 1]++;
            }
            for (int i = 0; i < n; i++) {
                rowPtr[i + 1] += rowPtr[i];
            }
            int[] next = Arrays.copyOf(rowPtr, n);
            rowCols = new int[nnz];
            rowValues = new float[nnz];
            for (int j = 0; j < n; j++) {
                for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
                    int slot = next[colRows[k]]++;
                    rowCols[slot] = j;
                    rowValues[slot] = colValues[k];
                }
            }
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public float weight(int i, int j) {
            int k = Arrays.binarySearch(colRows, colPtr[j], colPtr[j + 1], i);
            return k >= 0 ? colValues[k] : 0f;
        }

        @Override
        public void addRow(int i, float x, double[] acc) {
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                acc[rowCols[k]] += (double) x * rowValues[k];
            }
        }

        @Override
        public double dot(int[] rows, float[] x, int count, int j) {
            double s = 0;
            int k = colPtr[j];
            int end = colPtr[j + 1];
            int h = 0;
            while (k < end && h < count) {
                int r = colRows[k];
                if (r == rows[h]) {
                    s += (double) x[h] * colValues[k];
                    k++;
                    h++;
                } else if (r < rows[h]) {
                    k++;
                } else {
                    h++;
                }
            }
            return s;
        }

        @Override
        public long stored() {
            return colRows.length;
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeInt(n);
            out.writeInt(colRows.length);
            writeInts(out, colPtr);
            writeInts(out, colRows);
            writeFloats(out, colValues);
        }

        static Pruned read(DataInputStream in) throws IOException {
            int n = in.readInt();
            int nnz = in.readInt();
            if (n < 0 || nnz < 0) {
                throw new IOException("corrupt EASE model: " + n + " items, " + nnz + " weights");
            }
            int[] colPtr = new int[n + 1];
            readInts(in, colPtr);
            int[] colRows = new int[nnz];
            readInts(in, colRows);
            float[] colValues = new float[nnz];
            readFloats(in, colValues);
            if (colPtr[0] != 0 || colPtr[n] != nnz) {
                throw new IOException("corrupt EASE model: column pointers span " + colPtr[0] + ".." + colPtr[n]
                        + ", not 0.." + nnz);
            }
            for (int j = 0; j < n; j++) {
                if (colPtr[j + 1] < colPtr[j]) {
                    throw new IOException("corrupt EASE model: column " + j + " has a negative length");
                }
            }
            for (int r : colRows) {
                if (r < 0 || r >= n) {
                    throw new IOException("corrupt EASE model: row " + r + " outside 0.." + (n - 1));
                }
            }
            return new Pruned(n, colPtr, colRows, colValues);
        }
    }

    /** Writes {@code a} big-endian through a 1 MiB buffer. */
    static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        byte[] bytes = new byte[IO_CHUNK_BYTES];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int per = IO_CHUNK_BYTES / Float.BYTES;
        for (int off = 0; off < a.length; off += per) {
            int len = Math.min(per, a.length - off);
            buf.clear();
            buf.asFloatBuffer().put(a, off, len);
            out.write(bytes, 0, len * Float.BYTES);
        }
    }

    /** Reads what {@link #writeFloats} wrote into {@code a}. */
    static void readFloats(DataInputStream in, float[] a) throws IOException {
        byte[] bytes = new byte[IO_CHUNK_BYTES];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int per = IO_CHUNK_BYTES / Float.BYTES;
        for (int off = 0; off < a.length; off += per) {
            int len = Math.min(per, a.length - off);
            in.readFully(bytes, 0, len * Float.BYTES);
            buf.clear();
            buf.asFloatBuffer().get(a, off, len);
        }
    }

    /** Writes {@code a} big-endian through a 1 MiB buffer. */
    static void writeInts(DataOutputStream out, int[] a) throws IOException {
        byte[] bytes = new byte[IO_CHUNK_BYTES];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int per = IO_CHUNK_BYTES / Integer.BYTES;
        for (int off = 0; off < a.length; off += per) {
            int len = Math.min(per, a.length - off);
            buf.clear();
            buf.asIntBuffer().put(a, off, len);
            out.write(bytes, 0, len * Integer.BYTES);
        }
    }

    /** Reads what {@link #writeInts} wrote into {@code a}. */
    static void readInts(DataInputStream in, int[] a) throws IOException {
        byte[] bytes = new byte[IO_CHUNK_BYTES];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int per = IO_CHUNK_BYTES / Integer.BYTES;
        for (int off = 0; off < a.length; off += per) {
            int len = Math.min(per, a.length - off);
            in.readFully(bytes, 0, len * Integer.BYTES);
            buf.clear();
            buf.asIntBuffer().get(a, off, len);
        }
    }
}
