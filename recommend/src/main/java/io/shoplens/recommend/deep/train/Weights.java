package io.shoplens.recommend.deep.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float tensors on the Java heap, in insertion order: the trained weights of a deep model, Adam's moment
 * estimates in a checkpoint, or a snapshot taken for validation. Immutable once built; the arrays are not copied
 * on the way out, so callers must not change them.
 */
public final class Weights {
    private static final int IO_CHUNK = 1 << 18;

    /** One tensor: a shape (row-major) and its values. */
    public record Tensor(long[] shape, float[] values) {
        public Tensor {
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                        + " values, got " + values.length);
            }
            shape = shape.clone();
        }

        /** Size of dimension {@code i}. */
        public int dim(int i) {
            return (int) shape[i];
        }
    }

    private final Map<String, Tensor> tensors;

    /** Takes {@code tensors} (copied into an ordered, unmodifiable map). */
    public Weights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The tensors by name, in order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor {@code name}; fails naming the known ones when absent. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no weight '" + name + "'; known: " + tensors.keySet());
        }
        return t;
    }

    /**
     * The values of tensor {@code name}, which must have {@code shape}; fails naming the tensor and both shapes
     * otherwise. The array is the tensor's own (do not modify).
     */
    public float[] values(String name, long... shape) {
        Tensor t = get(name);
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("weight " + name + " has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(shape));
        }
        return t.values();
    }

    /** Number of floats over all tensors. */
    public long size() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.values.length;
        }
        return n;
    }

    /** Writes the tensors: count, then per tensor name, rank, dimensions and values (big-endian). */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(tensors.size());
        byte[] bytes = new byte[IO_CHUNK * Float.BYTES];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            out.writeUTF(e.getKey());
            long[] shape = e.getValue().shape;
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            float[] v = e.getValue().values;
            for (int off = 0; off < v.length; off += IO_CHUNK) {
                int len = Math.min(IO_CHUNK, v.length - off);
                buf.clear();
                buf.asFloatBuffer().put(v, off, len);
                out.write(bytes, 0, len * Float.BYTES);
            }
        }
    }

    /** Reads what {@link #write} wrote. */
    public static Weights read(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 1_000_000) {
            throw new IOException("corrupt weights: " + count + " tensors");
        }
        byte[] bytes = new byte[IO_CHUNK * Float.BYTES];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int t = 0; t < count; t++) {
            String name = in.readUTF();
            int rank = in.readInt();
            if (rank < 0 || rank > 8) {
                throw new IOException("corrupt weights: tensor " + name + " has rank " + rank);
            }
            long[] shape = new long[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = in.readLong();
                n *= shape[i];
                if (shape[i] < 0 || n > Integer.MAX_VALUE - 8) {
                    throw new IOException("corrupt weights: tensor " + name + " shape " + Arrays.toString(shape));
                }
            }
            float[] v = new float[(int) n];
            for (int off = 0; off < v.length; off += IO_CHUNK) {
                int len = Math.min(IO_CHUNK, v.length - off);
                in.readFully(bytes, 0, len * Float.BYTES);
                buf.clear();
                buf.asFloatBuffer().get(v, off, len);
            }
            m.put(name, new Tensor(shape, v));
        }
        return new Weights(m);
    }

    /** True when both hold the same names, shapes and bit-identical values. */
    public boolean sameAs(Weights o) {
        if (!tensors.keySet().equals(o.tensors.keySet())) {
            return false;
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor b = o.tensors.get(e.getKey());
            if (!Arrays.equals(e.getValue().shape, b.shape) || !Arrays.equals(e.getValue().values, b.values)) {
                return false;
            }
        }
        return true;
    }
}
