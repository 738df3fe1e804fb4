package io.shoplens.recommend.knn;

import io.shoplens.core.data.IdMap;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Bulk reading and writing of primitive arrays and id maps in model files (big-endian, like DataOutput). */
final class Bin {
    private static final int CHUNK = 1 << 14;

    private Bin() {
    }

    static void writeInts(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer b = ByteBuffer.allocate(CHUNK * 4);
        for (int from = 0; from < a.length; from += CHUNK) {
            int n = Math.min(CHUNK, a.length - from);
            b.clear();
            b.asIntBuffer().put(a, from, n);
            out.write(b.array(), 0, n * 4);
        }
    }

    static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer b = ByteBuffer.allocate(CHUNK * 4);
        for (int from = 0; from < a.length; from += CHUNK) {
            int n = Math.min(CHUNK, a.length - from);
            b.clear();
            b.asFloatBuffer().put(a, from, n);
            out.write(b.array(), 0, n * 4);
        }
    }

    static int[] readInts(DataInputStream in, String what) throws IOException {
        int[] a = new int[length(in, what)];
        byte[] buf = new byte[CHUNK * 4];
        for (int from = 0; from < a.length; from += CHUNK) {
            int n = Math.min(CHUNK, a.length - from);
            in.readFully(buf, 0, n * 4);
            ByteBuffer.wrap(buf, 0, n * 4).asIntBuffer().get(a, from, n);
        }
        return a;
    }

    static float[] readFloats(DataInputStream in, String what) throws IOException {
        float[] a = new float[length(in, what)];
        byte[] buf = new byte[CHUNK * 4];
        for (int from = 0; from < a.length; from += CHUNK) {
            int n = Math.min(CHUNK, a.length - from);
            in.readFully(buf, 0, n * 4);
            ByteBuffer.wrap(buf, 0, n * 4).asFloatBuffer().get(a, from, n);
        }
        return a;
    }

    /** Writes the external ids of indexes {@code 0..min(n, ids.size()))}. */
    static void writeIds(DataOutputStream out, IdMap ids, int n) throws IOException {
        int count = Math.min(n, ids.size());
        out.writeUTF(ids.name());
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            out.writeUTF(ids.externalId(i));
        }
    }

    /** Reads ids written by {@link #writeIds} into a frozen map with the same indexes. */
    static IdMap readIds(DataInputStream in) throws IOException {
        IdMap ids = new IdMap(in.readUTF());
        int count = length(in, "id map");
        for (int i = 0; i < count; i++) {
            String id = in.readUTF();
            if (ids.intern(id) != i) {
                throw new IOException("id map repeats id '" + id + "'");
            }
        }
        return ids.freeze();
    }

    /** The external id of {@code index} for messages, or {@code #index} when the map does not know it. */
    static String name(IdMap ids, int index) {
        return index >= 0 && index < ids.size() ? ids.externalId(index) : "#" + index;
    }

    private static int length(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative length " + n + " of " + what);
        }
        return n;
    }
}
