package io.shoplens.spark.recommend;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.recommend.common.InteractionMatrix;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The factors Spark MLlib's implicit ALS learned (Hu, Koren &amp; Volinsky, ICDM 2008), copied to the driver and
 * scored in plain Java: the score of item {@code j} for a user is {@code x · y_j}, with {@code y_j} the item's
 * Spark factor ({@link #rank()} floats; all zero for an item Spark saw no interaction of) and {@code x} the
 * user's vector ({@link #userVector}).
 *
 * <p><b>The user's vector.</b> With {@code foldIn=always} (the default) every user is <em>folded in</em> from the
 * history given at scoring time, exactly as Spark's last half-iteration solves a user: the history becomes a row
 * of strengths {@code r_i} under the training {@link io.shoplens.recommend.common.Weighting}; items outside the
 * model or without a Spark factor are dropped, leaving {@code n} items; then {@code x} solves the normal
 * equations of Hu et al.'s objective with Spark's ALS-WR regularisation
 * <pre>
 *   (YᵀY + Σ_i alpha r_i y_i y_iᵀ + lambda n I) x = Σ_i (1 + alpha r_i) y_i
 * </pre>
 * in double precision by Cholesky (a ridge of 1e-6 of the mean diagonal is added only when rounding leaves the
 * matrix indefinite, which needs {@code lambda = 0}). For a training user's training history this reproduces the
 * vector Spark trained (to float rounding); for the test part of a leave-one-out split it also uses the
 * validation item; for live events and unknown users it is what Spark would compute in one more half-iteration.
 * This is how Shoplens' own {@code ials} scores, so both are compared on equal terms. With
 * {@code foldIn=unknown} a user with a Spark vector ({@code history.user()} in range and present in Spark's
 * {@code userFactors}) is scored with that vector, ignoring events after training, and only other users are
 * folded in. A history with no usable item is scored with the mean of Spark's user vectors: the average
 * shopper's taste.
 *
 * <p><b>Explanations</b> decompose a folded-in score exactly (Hu et al., section 5): with
 * {@code A} the matrix above, {@code x · y_j = Σ_i (1 + alpha r_i) s_ji} where {@code s_ji = y_jᵀ A⁻¹ y_i} is
 * the user-specific similarity of history item {@code i} to {@code j}; each history item is one
 * {@code "history-item"} evidence with weight {@code (1 + alpha r_i) s_ji}, the {@value #MAX_EVIDENCE} largest
 * first. The weights of all history items add up to the folded-in score.
 *
 * <p>Immutable and thread-safe. A fold-in costs {@code O(n k² + k³)} for rank {@code k}; full scoring
 * {@code O(numItems k)}.
 */
public final class SparkAlsModel implements Recommender {
    /** Evidence items an explanation lists at most. */
    public static final int MAX_EVIDENCE = 10;

    private final SparkAlsParams params;
    private final int rank;
    private final int numUsers;
    private final int numItems;
    private final float[] userFactors;
    private final boolean[] hasUser;
    private final float[] itemFactors;
    private final boolean[] hasItem;
    private final boolean ordinalTime;
    private final Provenance provenance;
    private final float[][] itemColumns;
    private final double[] gram;
    private final float[] meanUser;

    /**
     * A model from factor tables, taken not copied: {@code users} is {@code numUsers * rank} row-major with
     * {@code hasUser[u]} telling whether Spark trained user {@code u} (rows of untrained users are zero), and
     * likewise {@code items}/{@code hasItem}. {@code ordinalTime} tells whether the training times were ordinals
     * (no decay), as the fold-in weighting needs.
     */
    SparkAlsModel(SparkAlsParams params, int rank, int numUsers, int numItems, float[] users, boolean[] hasUser,
                  float[] items, boolean[] hasItem, boolean ordinalTime, Provenance provenance) {
        if (rank != params.rank()) {
            throw new IllegalArgumentException("factor rank " + rank + " differs from parameter rank "
                    + params.rank());
        }
        if (numUsers < 0 || numItems < 0 || users.length != (long) numUsers * rank
                || items.length != (long) numItems * rank || hasUser.length != numUsers
                || hasItem.length != numItems) {
            throw new IllegalArgumentException("factor tables do not match rank " + rank + ", " + numUsers
                    + " users and " + numItems + " items");
        }
        this.params = params;
        this.rank = rank;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.userFactors = users;
        this.hasUser = hasUser;
        this.itemFactors = items;
        this.hasItem = hasItem;
        this.ordinalTime = ordinalTime;
        this.provenance = provenance;
        this.itemColumns = new float[rank][numItems];
        for (int i = 0; i < numItems; i++) {
            for (int c = 0; c < rank; c++) {
                itemColumns[c][i] = items[i * rank + c];
            }
        }
        this.gram = gram(items, numItems, rank);
        this.meanUser = mean(users, hasUser, rank);
    }

    private static double[] gram(float[] y, int n, int k) {
        double[] g = new double[k * k];
        double[] row = new double[k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                row[c] = y[i * k + c];
            }
            for (int r = 0; r < k; r++) {
                double yr = row[r];
                if (yr != 0) {
                    int o = r * k;
                    for (int c = 0; c <= r; c++) {
                        g[o + c] += yr * row[c];
                    }
                }
            }
        }
        for (int r = 0; r < k; r++) {
            for (int c = r + 1; c < k; c++) {
                g[r * k + c] = g[c * k + r];
            }
        }
        return g;
    }

    private static float[] mean(float[] x, boolean[] present, int k) {
        double[] sum = new double[k];
        int count = 0;
        for (int u = 0; u < present.length; u++) {
            if (present[u]) {
                for (int c = 0; c < k; c++) {
                    sum[c] += x[u * k + c];
                }
                count++;
            }
        }
        float[] m = new float[k];
        for (int c = 0; c < k && count > 0; c++) {
            m[c] = (float) (sum[c] / count);
        }
        return m;
    }

    /** The hyperparameters of training (the fold-in uses the same alpha, lambda and weighting). */
    public SparkAlsParams params() {
        return params;
    }

    /** Factors per vector. */
    public int rank() {
        return rank;
    }

    /** Users in the training id space. */
    public int numUsers() {
        return numUsers;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Whether Spark trained a vector for user {@code user} (false for indexes out of range). */
    public boolean hasTrainedUser(int user) {
        return user >= 0 && user < numUsers && hasUser[user];
    }

    /** Whether Spark trained a vector for item {@code item}. */
    public boolean hasTrainedItem(int item) {
        checkItem(item);
        return hasItem[item];
    }

    /** A copy of Spark's vector of user {@code user}. */
    public float[] trainedUserVector(int user) {
        if (!hasTrainedUser(user)) {
            throw new IllegalArgumentException("user " + user + " has no trained vector");
        }
        return Arrays.copyOfRange(userFactors, user * rank, (user + 1) * rank);
    }

    /** A copy of Spark's vector of item {@code item} (zero for an item without interactions). */
    public float[] itemVector(int item) {
        checkItem(item);
        return Arrays.copyOfRange(itemFactors, item * rank, (item + 1) * rank);
    }

    /** The vector {@code history} is scored with (a fresh array), as the class documentation describes. */
    public float[] userVector(UserHistory history) {
        if (SparkAlsParams.UNKNOWN.equals(params.foldIn()) && hasTrainedUser(history.user())) {
            return trainedUserVector(history.user());
        }
        FoldIn f = foldIn(history);
        return f == null ? meanUser.clone() : f.x;
    }

    @Override
    public void scoreAll(UserHistory user, float[] out) {
        if (out.length < numItems) {
            throw new IllegalArgumentException("score array has " + out.length + " slots for " + numItems
                    + " items");
        }
        float[] x = userVector(user);
        Arrays.fill(out, 0, numItems, 0f);
        for (int c = 0; c < rank; c++) {
            float xc = x[c];
            float[] col = itemColumns[c];
            for (int i = 0; i < numItems; i++) {
                out[i] += xc * col[i];
            }
        }
    }

    @Override
    public void score(UserHistory user, int[] candidates, float[] out) {
        float[] x = userVector(user);
        for (int n = 0; n < candidates.length; n++) {
            checkItem(candidates[n]);
            out[n] = dot(x, candidates[n]);
        }
    }

    /** {@code x · y_item} summed in factor order, the same float {@link #scoreAll} gives. */
    private float dot(float[] x, int item) {
        float s = 0f;
        int o = item * rank;
        for (int c = 0; c < rank; c++) {
            s += x[c] * itemFactors[o + c];
        }
        return s;
    }

    @Override
    public Explanation explain(UserHistory history, int item) {
        checkItem(item);
        float score = dot(userVector(history), item);
        FoldIn f = foldIn(history);
        if (f == null) {
            return new Explanation(item, score, "No usable history: scored with the average shopper's taste",
                    List.of(new Evidence("popularity", item, score, "mean of the trained user vectors")));
        }
        double[] z = new double[rank];
        for (int c = 0; c < rank; c++) {
            z[c] = itemFactors[item * rank + c];
        }
        Cholesky.solve(f.chol, rank, z);
        List<Evidence> evidence = new ArrayList<>(f.items.length);
        for (int q = 0; q < f.items.length; q++) {
            int i = f.items[q];
            double s = 0;
            for (int c = 0; c < rank; c++) {
                s += z[c] * itemFactors[i * rank + c];
            }
            double confidence = 1.0 + f.cm1[q];
            evidence.add(new Evidence("history-item", i, confidence * s, String.format(Locale.ROOT,
                    "interacted with strength %.3g (confidence %.3g), similarity %.4g", f.strengths[q],
                    confidence, s)));
        }
        evidence.sort(Comparator.comparingDouble(Evidence::weight).reversed().thenComparingInt(Evidence::item));
        List<Evidence> top = evidence.subList(0, Math.min(MAX_EVIDENCE, evidence.size()));
        return new Explanation(item, score, summary(top), top);
    }

    private static String summary(List<Evidence> evidence) {
        List<Integer> items = new ArrayList<>();
        for (Evidence e : evidence) {
            if (e.weight() > 0 && items.size() < 3) {
                items.add(e.item());
            }
        }
        if (items.isEmpty()) {
            return "No history item speaks for this item; it is scored from the shopper's overall taste";
        }
        StringBuilder sb = new StringBuilder(items.size() == 1 ? "Because you interacted with item "
                : "Because you interacted with items ");
        for (int n = 0; n < items.size(); n++) {
            if (n > 0) {
                sb.append(n == items.size() - 1 ? " and " : ", ");
            }
            sb.append(items.get(n));
        }
        return sb.toString();
    }

    /**
     * A fold-in: the usable history items, their strengths and {@code alpha * r}, the Cholesky factor of
     * {@code A} and the solution {@code x}.
     */
    private record FoldIn(int[] items, float[] strengths, double[] cm1, double[] chol, float[] x) {
    }

    /** The fold-in of {@code history}, or null when no history item has a Spark factor. */
    private FoldIn foldIn(UserHistory history) {
        InteractionMatrix.Row row = InteractionMatrix.rowOf(history, params.weighting(), ordinalTime);
        int[] items = new int[row.size()];
        float[] strengths = new float[row.size()];
        double[] cm1 = new double[row.size()];
        int n = 0;
        for (int q = 0; q < row.size(); q++) {
            int i = row.items()[q];
            if (i >= 0 && i < numItems && hasItem[i]) {
                items[n] = i;
                strengths[n] = row.values()[q];
                cm1[n] = params.alpha() * row.values()[q];
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        int k = rank;
        double reg = params.lambda() * n;
        double ridge = 0;
        double[] a = new double[k * k];
        double[] b = new double[k];
        for (int attempt = 0; ; attempt++) {
            System.arraycopy(gram, 0, a, 0, k * k);
            Arrays.fill(b, 0.0);
            for (int q = 0; q < n; q++) {
                int o = items[q] * k;
                double w = cm1[q];
                double conf = 1.0 + w;
                for (int r = 0; r < k; r++) {
                    double yr = itemFactors[o + r];
                    b[r] += conf * yr;
                    double wy = w * yr;
                    if (wy != 0) {
                        int ro = r * k;
                        for (int c = 0; c <= r; c++) {
                            a[ro + c] += wy * itemFactors[o + c];
                        }
                    }
                }
            }
            for (int r = 0; r < k; r++) {
                a[r * k + r] += reg + ridge;
            }
            if (Cholesky.factor(a, k)) {
                break;
            }
            if (attempt == 3) {
                throw new IllegalStateException("ALS fold-in system is not positive definite even with a ridge of "
                        + ridge + "; train with lambda > 0");
            }
            double trace = 0;
            for (int r = 0; r < k; r++) {
                trace += gram[r * k + r];
            }
            ridge = ridge == 0 ? 1e-6 * (trace / k + 1) : ridge * 100;
        }
        Cholesky.solve(a, k, b);
        float[] x = new float[k];
        for (int c = 0; c < k; c++) {
            x[c] = (float) b[c];
        }
        return new FoldIn(Arrays.copyOf(items, n), Arrays.copyOf(strengths, n), Arrays.copyOf(cm1, n), a, x);
    }

    private void checkItem(int item) {
        if (item < 0 || item >= numItems) {
            throw new IllegalArgumentException("item " + item + " is outside 0.." + (numItems - 1));
        }
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            out.writeInt(rank);
            out.writeInt(numUsers);
            out.writeInt(numItems);
            out.writeBoolean(ordinalTime);
            writeTable(out, hasUser, userFactors, rank);
            writeTable(out, hasItem, itemFactors, rank);
        });
    }

    private static void writeTable(DataOutputStream out, boolean[] present, float[] factors, int k)
            throws IOException {
        for (int r = 0; r < present.length; r++) {
            out.writeBoolean(present[r]);
            if (present[r]) {
                for (int c = 0; c < k; c++) {
                    out.writeFloat(factors[r * k + c]);
                }
            }
        }
    }

    /** Loads a model saved by {@link #save}; the parameters come from its provenance. */
    public static SparkAlsModel load(Path file) {
        return ModelFiles.read(file, SparkAlsParams.NAME, SparkAlsModel::read);
    }

    private static SparkAlsModel read(DataInputStream in, Provenance provenance) throws IOException {
        SparkAlsParams params = SparkAlsParams.from(provenance.params());
        int rank = in.readInt();
        int numUsers = in.readInt();
        int numItems = in.readInt();
        if (rank != params.rank() || numUsers < 0 || numItems < 0) {
            throw new IOException("corrupt spark-als header: rank " + rank + " (parameters say " + params.rank()
                    + "), " + numUsers + " users, " + numItems + " items");
        }
        boolean ordinalTime = in.readBoolean();
        boolean[] hasUser = new boolean[numUsers];
        float[] users = readTable(in, hasUser, rank);
        boolean[] hasItem = new boolean[numItems];
        float[] items = readTable(in, hasItem, rank);
        return new SparkAlsModel(params, rank, numUsers, numItems, users, hasUser, items, hasItem, ordinalTime,
                provenance);
    }

    private static float[] readTable(DataInputStream in, boolean[] present, int k) throws IOException {
        float[] factors = new float[Math.multiplyExact(present.length, k)];
        for (int r = 0; r < present.length; r++) {
            present[r] = in.readBoolean();
            if (present[r]) {
                for (int c = 0; c < k; c++) {
                    factors[r * k + c] = in.readFloat();
                }
            }
        }
        return factors;
    }
}
