package io.shoplens.recommend.mf;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DotProductModel;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.recommend.common.Dense;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A latent factor model: every user {@code u} and item {@code i} has a vector of {@link #rank()} floats, and the
 * score of item {@code i} for a user is {@code x · y_i + b_i}, where {@code x} is the user's vector
 * ({@link #userVector}) and {@code b_i} an optional item bias (0 when the model has none). User factors are
 * {@code float[numUsers * rank]} and item factors {@code float[numItems * rank]}, row-major.
 *
 * <p>How the user's vector is obtained from the history is the subclass's business (iALS folds the history in
 * with its closed-form solve; BPR-MF runs a few SGD passes over the history), so unknown users and live events are
 * scored like any other. Items in a history that are outside {@code [0, numItems())} are ignored, and a history
 * with nothing left is scored with {@link #meanUserVector()}.
 *
 * <p>Immutable and thread-safe: nothing changes after construction and scoring allocates its own scratch space.
 * For fast full scoring the model keeps a second copy of the item factors, column-major in blocks of 2,048 items;
 * it is a {@link DotProductModel}, so evaluation ranks blocks of users against tiles of items at once. Memory:
 * {@code 4 (numUsers + 2 numItems) rank} bytes plus the biases and item norms.
 */
public abstract class FactorModel implements DotProductModel {
    /**
     * Items per block of the blocked item columns: a block of every factor fits in the L2 cache, and block-local
     * indexes let the JIT vectorise the tile kernel (its loops read and write arrays at the same index).
     */
    private static final int SCORE_BLOCK = 2048;
    private static final int IO_CHUNK = 8192;

    private final int rank;
    private final int numUsers;
    private final int numItems;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final float[] itemBias;
    private final float[] itemNorms;
    /** Item factors by block and factor: {@code itemBlocks[b * rank + c][t]} is factor c of item {@code b * SCORE_BLOCK + t}. */
    private final float[][] itemBlocks;
    private final float[] meanUser;
    private final Provenance provenance;

    /**
     * The factor tables of a model. Arrays are taken, not copied.
     *
     * @param rank     factors per vector, at least 1
     * @param numUsers number of users
     * @param numItems number of items
     * @param users    user factors, {@code numUsers * rank}
     * @param items    item factors, {@code numItems * rank}
     * @param bias     item biases ({@code numItems}), or null for none
     */
    record Factors(int rank, int numUsers, int numItems, float[] users, float[] items, float[] bias) {
        Factors {
            if (rank < 1 || numUsers < 0 || numItems < 0) {
                throw new IllegalArgumentException("bad factor shape: rank " + rank + ", " + numUsers + " users, "
                        + numItems + " items");
            }
            if (users.length != (long) numUsers * rank || items.length != (long) numItems * rank
                    || (bias != null && bias.length != numItems)) {
                throw new IllegalArgumentException("factor arrays do not match rank " + rank + ", " + numUsers
                        + " users, " + numItems + " items");
            }
        }

        /** Writes the tables; read back with {@link #read}. */
        void write(DataOutputStream out) throws IOException {
            out.writeInt(rank);
            out.writeInt(numUsers);
            out.writeInt(numItems);
            out.writeBoolean(bias != null);
            writeFloats(out, users);
            writeFloats(out, items);
            if (bias != null) {
                writeFloats(out, bias);
            }
        }

        /** Reads tables written by {@link #write}. */
        static Factors read(DataInputStream in) throws IOException {
            int rank = in.readInt();
            int numUsers = in.readInt();
            int numItems = in.readInt();
            boolean hasBias = in.readBoolean();
            if (rank < 1 || numUsers < 0 || numItems < 0) {
                throw new IOException("corrupt factor header: rank " + rank + ", " + numUsers + " users, "
                        + numItems + " items");
            }
            float[] users = readFloats(in, Math.multiplyExact(numUsers, rank));
            float[] items = readFloats(in, Math.multiplyExact(numItems, rank));
            float[] bias = hasBias ? readFloats(in, numItems) : null;
            return new Factors(rank, numUsers, numItems, users, items, bias);
        }
    }

    FactorModel(Factors f, Provenance provenance) {
        this.rank = f.rank();
        this.numUsers = f.numUsers();
        this.numItems = f.numItems();
        this.userFactors = f.users();
        this.itemFactors = f.items();
        this.itemBias = f.bias();
        this.provenance = provenance;
        this.itemNorms = new float[numItems];
        int blocks = (numItems + SCORE_BLOCK - 1) / SCORE_BLOCK;
        this.itemBlocks = new float[blocks * rank][];
        for (int b = 0; b < blocks; b++) {
            int first = b * SCORE_BLOCK;
            int len = Math.min(SCORE_BLOCK, numItems - first);
            for (int c = 0; c < rank; c++) {
                float[] column = new float[len];
                for (int t = 0; t < len; t++) {
                    column[t] = itemFactors[(first + t) * rank + c];
                }
                itemBlocks[b * rank + c] = column;
            }
        }
        for (int i = 0; i < numItems; i++) {
            itemNorms[i] = (float) Math.sqrt(Dense.dot(itemFactors, i * rank, itemFactors, i * rank, rank));
        }
        this.meanUser = meanNonZero(userFactors, numUsers, rank);
    }

    /**
     * Heap bytes of a factor model of {@code users} users and {@code items} items at {@code rank}: the user and item
     * tables, the blocked column-major copy of the item table, the item norms and the biases.
     */
    public static long bytes(long users, long items, int rank, boolean bias) {
        return MemoryEstimate.ints(users * rank) + 2 * MemoryEstimate.ints(items * rank) + MemoryEstimate.ints(items)
                + (bias ? MemoryEstimate.ints(items) : 0) + 16L * rank;
    }

    /**
     * The mean of the trained user vectors that are not all zero (users without training events are): the
     * average shopper, used for histories with nothing to go on. A fresh array.
     */
    public float[] meanUserVector() {
        return meanUser.clone();
    }

    /** Factors per vector. */
    public int rank() {
        return rank;
    }

    /** Number of users the model was trained with. */
    public int numUsers() {
        return numUsers;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Whether scores include a learned item bias. */
    public boolean hasItemBias() {
        return itemBias != null;
    }

    /** A copy of item {@code item}'s factors. */
    public float[] itemVector(int item) {
        checkItem(item);
        float[] v = new float[rank];
        System.arraycopy(itemFactors, item * rank, v, 0, rank);
        return v;
    }

    /** A copy of trained user {@code user}'s factors. */
    public float[] trainedUserVector(int user) {
        if (user < 0 || user >= numUsers) {
            throw new IllegalArgumentException("user " + user + " is outside 0.." + (numUsers - 1));
        }
        float[] v = new float[rank];
        System.arraycopy(userFactors, user * rank, v, 0, rank);
        return v;
    }

    @Override
    public int dimension() {
        return rank;
    }

    @Override
    public void itemVector(int item, float[] out) {
        checkItem(item);
        System.arraycopy(itemFactors, item * rank, out, 0, rank);
    }

    /**
     * The blocked kernel of {@link DotProductModel}. A tile that starts on a block boundary and stays inside the block
     * (how the evaluator asks) runs the vectorised kernel: two users at a time, the block's columns accumulated four
     * factors at a time, in factor order from 0, so the floats equal {@link #scoreAll}'s and {@link #score}'s; each
     * factor value loaded serves both users. Any other tile is scored item by item.
     */
    @Override
    public final void scoreTile(float[][] users, int count, int from, int to, float[][] out) {
        if (from < 0 || to > numItems || from > to) {
            throw new IllegalArgumentException("item tile [" + from + ", " + to + ") is outside 0.." + numItems);
        }
        if (from % SCORE_BLOCK != 0 || to - from > SCORE_BLOCK) {
            for (int u = 0; u < count; u++) {
                for (int i = from; i < to; i++) {
                    out[u][i - from] = scoreWith(users[u], i);
                }
            }
            return;
        }
        int base = from / SCORE_BLOCK * rank;
        int len = to - from;
        int u = 0;
        for (; u + 1 < count; u += 2) {
            scorePair(users[u], users[u + 1], base, len, out[u], out[u + 1]);
            addBias(out[u], from, len);
            addBias(out[u + 1], from, len);
        }
        for (; u < count; u++) {
            scoreOne(users[u], base, len, out[u]);
            addBias(out[u], from, len);
        }
    }

    /** {@code o, p = x, z · the first len items of the block whose columns start at itemBlocks[base]}. */
    private void scorePair(float[] x, float[] z, int base, int len, float[] o, float[] p) {
        Arrays.fill(o, 0, len, 0f);
        Arrays.fill(p, 0, len, 0f);
        int c = 0;
        for (; c + 3 < rank; c += 4) {
            float a0 = x[c];
            float a1 = x[c + 1];
            float a2 = x[c + 2];
            float a3 = x[c + 3];
            float b0 = z[c];
            float b1 = z[c + 1];
            float b2 = z[c + 2];
            float b3 = z[c + 3];
            float[] y0 = itemBlocks[base + c];
            float[] y1 = itemBlocks[base + c + 1];
            float[] y2 = itemBlocks[base + c + 2];
            float[] y3 = itemBlocks[base + c + 3];
            for (int t = 0; t < len; t++) {
                float v0 = y0[t];
                float v1 = y1[t];
                float v2 = y2[t];
                float v3 = y3[t];
                o[t] = o[t] + a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
                p[t] = p[t] + b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3;
            }
        }
        for (; c < rank; c++) {
            float a = x[c];
            float b = z[c];
            float[] y = itemBlocks[base + c];
            for (int t = 0; t < len; t++) {
                o[t] = o[t] + a * y[t];
                p[t] = p[t] + b * y[t];
            }
        }
    }

    /** As {@link #scorePair} for one user. */
    private void scoreOne(float[] x, int base, int len, float[] o) {
        Arrays.fill(o, 0, len, 0f);
        int c = 0;
        for (; c + 3 < rank; c += 4) {
            float a0 = x[c];
            float a1 = x[c + 1];
            float a2 = x[c + 2];
            float a3 = x[c + 3];
            float[] y0 = itemBlocks[base + c];
            float[] y1 = itemBlocks[base + c + 1];
            float[] y2 = itemBlocks[base + c + 2];
            float[] y3 = itemBlocks[base + c + 3];
            for (int t = 0; t < len; t++) {
                o[t] = o[t] + a0 * y0[t] + a1 * y1[t] + a2 * y2[t] + a3 * y3[t];
            }
        }
        for (; c < rank; c++) {
            float a = x[c];
            float[] y = itemBlocks[base + c];
            for (int t = 0; t < len; t++) {
                o[t] = o[t] + a * y[t];
            }
        }
    }

    private void addBias(float[] o, int from, int len) {
        if (itemBias != null) {
            for (int t = 0; t < len; t++) {
                o[t] += itemBias[from + t];
            }
        }
    }

    /** Item {@code item}'s bias, 0 for a model without biases. */
    @Override
    public float itemBias(int item) {
        checkItem(item);
        return itemBias == null ? 0f : itemBias[item];
    }

    /** The vector the model scores {@code history} with (a fresh array of {@link #rank()} floats). */
    @Override
    public abstract float[] userVector(UserHistory history);

    @Override
    public final void scoreAll(UserHistory user, float[] out) {
        if (out.length < numItems) {
            throw new IllegalArgumentException("score array has " + out.length + " slots for " + numItems
                    + " items");
        }
        float[] x = userVector(user);
        float[] block = new float[Math.min(SCORE_BLOCK, numItems)];
        for (int from = 0; from < numItems; from += SCORE_BLOCK) {
            int len = Math.min(SCORE_BLOCK, numItems - from);
            scoreOne(x, from / SCORE_BLOCK * rank, len, block);
            addBias(block, from, len);
            System.arraycopy(block, 0, out, from, len);
        }
    }

    @Override
    public final void score(UserHistory user, int[] candidates, float[] out) {
        float[] x = userVector(user);
        for (int c = 0; c < candidates.length; c++) {
            checkItem(candidates[c]);
            out[c] = scoreWith(x, candidates[c]);
        }
    }

    /**
     * The {@code k} items most similar to {@code item} by cosine of their factor vectors, best first, the item
     * itself excluded; items with all-zero factors (never seen in training) get similarity 0.
     */
    public List<ScoredItem> similarItems(int item, int k) {
        checkItem(item);
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        float[] sims = new float[numItems];
        float ni = itemNorms[item];
        for (int j = 0; j < numItems; j++) {
            sims[j] = cosine(item, j, ni);
        }
        return Recommender.topK(sims, k, j -> j == item);
    }

    /** Cosine similarity of the factor vectors of items {@code a} and {@code b}; 0 when either is all zero. */
    public float cosine(int a, int b) {
        checkItem(a);
        checkItem(b);
        return cosine(a, b, itemNorms[a]);
    }

    private float cosine(int a, int b, float na) {
        float nb = itemNorms[b];
        if (na == 0 || nb == 0) {
            return 0f;
        }
        return Dense.dot(itemFactors, a * rank, itemFactors, b * rank, rank) / (na * nb);
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public final void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            new Factors(rank, numUsers, numItems, userFactors, itemFactors, itemBias).write(out);
            writeExtra(out);
        });
    }

    /** Writes what the subclass needs beyond the factor tables; default nothing. */
    void writeExtra(DataOutputStream out) throws IOException {
    }

    /**
     * {@code x · y_item + b_item}, summed in the same order as {@link #scoreAll} so that both give the same
     * float.
     */
    final float scoreWith(float[] x, int item) {
        float s = DenseMath.dotInOrder(x, 0, itemFactors, item * rank, rank);
        return itemBias == null ? s : s + itemBias[item];
    }

    /** The item factor table, shared (not copied) for use inside the package. */
    final float[] itemFactorTable() {
        return itemFactors;
    }

    /** The item biases, shared (not copied) for use inside the package; null for a model without biases. */
    final float[] itemBiasTable() {
        return itemBias;
    }

    /** The user factor table, shared (not copied) for use inside the package. */
    final float[] userFactorTable() {
        return userFactors;
    }

    /** Whether {@code item} is a valid item index. */
    final boolean knownItem(int item) {
        return item >= 0 && item < numItems;
    }

    final void checkItem(int item) {
        if (!knownItem(item)) {
            throw new IllegalArgumentException("item " + item + " is outside 0.." + (numItems - 1));
        }
    }

    /** "Because you interacted with items 3, 17 and 42" for the first few evidence items. */
    static String becauseSummary(List<Integer> items) {
        StringBuilder sb = new StringBuilder("Because you interacted with item");
        int shown = Math.min(3, items.size());
        sb.append(shown > 1 ? "s " : " ");
        for (int n = 0; n < shown; n++) {
            if (n > 0) {
                sb.append(n == shown - 1 && items.size() <= 3 ? " and " : ", ");
            }
            sb.append(items.get(n));
        }
        if (items.size() > 3) {
            sb.append(String.format(Locale.ROOT, " and %d more", items.size() - 3));
        }
        return sb.toString();
    }

    /** The items of {@code evidence}, in order. */
    static List<Integer> itemsOf(List<Evidence> evidence) {
        List<Integer> out = new ArrayList<>(evidence.size());
        for (Evidence e : evidence) {
            out.add(e.item());
        }
        return out;
    }

    private static float[] meanNonZero(float[] users, int numUsers, int k) {
        double[] sum = new double[k];
        int count = 0;
        for (int u = 0; u < numUsers; u++) {
            boolean nonZero = false;
            for (int c = 0; c < k && !nonZero; c++) {
                nonZero = users[u * k + c] != 0;
            }
            if (nonZero) {
                for (int c = 0; c < k; c++) {
                    sum[c] += users[u * k + c];
                }
                count++;
            }
        }
        float[] mean = new float[k];
        for (int c = 0; c < k && count > 0; c++) {
            mean[c] = (float) (sum[c] / count);
        }
        return mean;
    }

    static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(IO_CHUNK * Float.BYTES);
        FloatBuffer fb = buf.asFloatBuffer();
        for (int from = 0; from < a.length; from += IO_CHUNK) {
            int n = Math.min(IO_CHUNK, a.length - from);
            fb.clear();
            fb.put(a, from, n);
            out.write(buf.array(), 0, n * Float.BYTES);
        }
    }

    static float[] readFloats(DataInputStream in, int count) throws IOException {
        float[] a = new float[count];
        byte[] bytes = new byte[IO_CHUNK * Float.BYTES];
        FloatBuffer fb = ByteBuffer.wrap(bytes).asFloatBuffer();
        for (int from = 0; from < count; from += IO_CHUNK) {
            int n = Math.min(IO_CHUNK, count - from);
            in.readFully(bytes, 0, n * Float.BYTES);
            fb.clear();
            fb.get(a, from, n);
        }
        return a;
    }
}
