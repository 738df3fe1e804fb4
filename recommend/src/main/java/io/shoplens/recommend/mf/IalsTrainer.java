package io.shoplens.recommend.mf;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DataShape;
import io.shoplens.core.model.ProgressListener;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.common.Dense;
import io.shoplens.recommend.common.InteractionMatrix;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongBinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link IalsModel} by implicit alternating least squares (Hu, Koren &amp; Volinsky, ICDM 2008). Every
 * user-item pair is a training example: an observed pair of strength {@code r} has preference 1 and confidence
 * {@code c = 1 + alpha r}, every other pair preference 0 and confidence 1, and the loss is
 * {@code Σ_ui c_ui (p_ui - x_u·y_i)² + Σ_u reg_u |x_u|² + Σ_i reg_i |y_i|²}. Each sweep fixes the items and solves
 * every user's vector from {@code (YᵀY + Yᵀ(C_u - I)Y + reg_u I) x_u = Yᵀ C_u p_u}, then the other way round;
 * {@code YᵀY} is computed once per sweep, so a user costs {@code O(n_u k)} on top of the {@code O(k²)} shared part
 * (conjugate gradient) or {@code O(n_u k² + k³)} (Cholesky).
 *
 * <p>Users (items) are solved in parallel on {@link IalsParams#threads()} threads. Every solve depends only on the
 * previous half-sweep and the row's own previous vector, and the Gram matrix is summed over fixed blocks in a fixed
 * order, so the factors are bit-for-bit the same for a seed whatever the thread count.
 *
 * <p>Users and items without training interactions get all-zero vectors.
 */
public final class IalsTrainer implements Trainer<IalsModel> {
    private static final Logger LOG = LoggerFactory.getLogger(IalsTrainer.class);
    private static final int ROW_BLOCK = 128;

    /** Hears the training objective after each iteration. */
    @FunctionalInterface
    public interface IterationListener {
        /**
         * @param iteration 1-based iteration just finished
         * @param loss      the full objective (weighted squared error over all pairs plus regularisation)
         */
        void iterationDone(int iteration, double loss);
    }

    private final IalsParams params;

    public IalsTrainer(IalsParams params) {
        this.params = params;
    }

    /** The hyperparameters. */
    public IalsParams params() {
        return params;
    }

    @Override
    public IalsModel train(TrainingData data) {
        return train(data, null);
    }

    /**
     * Memory: the interaction matrix both ways with its confidences (24 bytes per pair while the confidences are
     * made), the factor model ({@link FactorModel#bytes}: the tables and the model's column-major copy of the item
     * factors) and the pruned copy of the events when pruning; scratch is a row per thread.
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        DataShape shape = DataShape.of(data.events(), params.pruning().lastEvents());
        int k = params.rank();
        int users = shape.numUsers();
        int items = shape.numItems();
        long support = params.pruning().minItemSupport();
        LongBinaryOperator bytes = (rank, minSupport) -> bytes(shape, (int) rank, minSupport);
        return MemoryEstimate.of(IalsParams.NAME)
                .part("interaction matrix with confidences", InteractionMatrix.bytes(users, items,
                        shape.pairs(support)) + 8 * shape.pairs(support))
                .part("factor model", FactorModel.bytes(users, items, k, false))
                .part("pruned events", params.pruning().copyBytes(shape, support))
                .array("the item factor table", (long) items * k)
                .knob("rank", k, 8, r -> bytes.applyAsLong(r, support))
                .knob("minItemSupport", support, Math.max(support, shape.maxSupport()),
                        s2 -> bytes.applyAsLong(k, s2))
                .build();
    }

    private long bytes(DataShape shape, int rank, long minSupport) {
        long pairs = shape.pairs(minSupport);
        return InteractionMatrix.bytes(shape.numUsers(), shape.numItems(), pairs) + 8 * pairs
                + FactorModel.bytes(shape.numUsers(), shape.numItems(), rank, false) + params.pruning().copyBytes(shape,
                minSupport);
    }

    /**
     * Trains, reporting the objective after every iteration to {@code listener} (nullable; computing the
     * objective costs about a tenth of an iteration, so it is only done when someone listens).
     */
    public IalsModel train(TrainingData data, IterationListener listener) {
        long t0 = System.nanoTime();
        InteractionStore events = params.pruning().apply(data.events());
        InteractionMatrix conf = InteractionMatrix.of(events, params.weighting())
                .withValues(params::confidenceMinusOne);
        int k = params.rank();
        int numUsers = conf.numUsers();
        int numItems = conf.numItems();
        InteractionMatrix.Side users = conf.byUser();
        InteractionMatrix.Side items = conf.byItem();
        float[] x = initial(numUsers, k, params.initStd(), params.seed(), 0);
        float[] y = initial(numItems, k, params.initStd(), params.seed(), 1);
        ProgressListener progress = data.progress();
        try (Workers workers = new Workers(params.threads(), "shoplens-ials")) {
            for (int it = 1; it <= params.iterations(); it++) {
                String step = String.format(Locale.ROOT, "ials iteration %d/%d", it, params.iterations());
                long rows = (long) numUsers + numItems;
                AtomicLong done = new AtomicLong();
                sweep(x, y, users, workers, r -> progress.progress(step, done.addAndGet(r), rows));
                sweep(y, x, items, workers, r -> progress.progress(step, done.addAndGet(r), rows));
                if (listener != null) {
                    listener.iterationDone(it, loss(x, y, users, items, workers));
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("iALS: {} users, {} items, {} pairs, rank {}, {} iterations in {} s", numUsers, numItems,
                conf.nnz(), k, params.iterations(), String.format(Locale.ROOT, "%.2f", seconds));
        Provenance prov = new Provenance(IalsParams.NAME, params.asMap(), data.fingerprint(), params.seed(),
                Provenance.shoplensVersion(), Instant.now(), seconds);
        return new IalsModel(new FactorModel.Factors(k, numUsers, numItems, x, y, null), params,
                data.events().ordinalTime(), prov);
    }

    /**
     * Gaussian factors as a flat {@code rows × k} table; row {@code r} is drawn from its own stream, so the table
     * does not depend on order.
     */
    static float[] initial(int rows, int k, double std, long seed, int salt) {
        float[] f = new float[Math.multiplyExact(rows, k)];
        long base = new SplittableRandom(seed * 31 + salt).nextLong();
        for (int r = 0; r < rows; r++) {
            SplittableRandom rnd = new SplittableRandom(base + 0x9E3779B97F4A7C15L * r);
            for (int a = 0; a < k; a++) {
                f[r * k + a] = (float) (gaussian(rnd) * std);
            }
        }
        return f;
    }

    static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Solves every row of the flat table {@code target} with {@code fixed} held constant; {@code rowsDone} hears
     * the number of rows of each finished block.
     */
    private void sweep(float[] target, float[] fixed, InteractionMatrix.Side side, Workers workers,
                       java.util.function.LongConsumer rowsDone) {
        int k = params.rank();
        double[][] gram = DenseMath.gram(fixed, fixed.length / k, k, workers);
        boolean cg = IalsParams.CG.equals(params.solver());
        float[][] gramRows = new float[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                gramRows[a][b] = (float) gram[a][b];
            }
        }
        int[] ptr = side.ptr();
        int[] idx = side.index();
        float[] cm1 = side.values();
        workers.forEachBlock(side.rows(), ROW_BLOCK, (from, to) -> {
            float[] xr = new float[k];
            float[] r = new float[k];
            float[] p = new float[k];
            float[] ap = new float[k];
            double[][] a = cg ? null : new double[k][k];
            double[] b = cg ? null : new double[k];
            int[] offsets = new int[0];
            for (int row = from; row < to; row++) {
                int s = ptr[row];
                int e = ptr[row + 1];
                int ro = row * k;
                if (s == e) {
                    Arrays.fill(target, ro, ro + k, 0f);
                    continue;
                }
                double reg = params.regularization(e - s);
                if (cg) {
                    System.arraycopy(target, ro, xr, 0, k);
                    conjugateGradient(xr, fixed, gramRows, k, idx, cm1, s, e, (float) reg, params.cgSteps(), r, p,
                            ap);
                    System.arraycopy(xr, 0, target, ro, k);
                } else {
                    if (offsets.length < e - s) {
                        offsets = new int[e - s];
                    }
                    for (int q = s; q < e; q++) {
                        offsets[q - s] = idx[q] * k;
                    }
                    IalsModel.exactSolve(fixed, offsets, cm1, s, gram, k, e - s, reg, a, b);
                    for (int c = 0; c < k; c++) {
                        target[ro + c] = (float) b[c];
                    }
                }
            }
            rowsDone.accept(to - from);
        });
    }

    /**
     * A few conjugate-gradient steps on {@code (G + reg I + Σ_q cm1_q y_q y_qᵀ) x = Σ_q (1 + cm1_q) y_q} over the
     * entries {@code q ∈ [s, e)} with {@code y_q = fixed[idx[q]]}, starting from the current {@code x}, which is
     * updated in place; {@code fixed} is the flat table of the other side, row {@code j} at {@code j * k}.
     */
    static void conjugateGradient(float[] x, float[] fixed, float[][] gram, int k, int[] idx, float[] cm1,
                                  int s, int e, float reg, int steps, float[] r, float[] p, float[] ap) {
        multiply(gram, x, k, reg, r);
        for (int c = 0; c < k; c++) {
            r[c] = -r[c];
        }
        for (int q = s; q < e; q++) {
            int yo = idx[q] * k;
            float dot = Dense.dot(fixed, yo, x, 0, k);
            DenseMath.axpy(1f + cm1[q] - cm1[q] * dot, fixed, yo, r, k);
        }
        System.arraycopy(r, 0, p, 0, k);
        float rs = Dense.dot(r, 0, r, 0, k);
        for (int step = 0; step < steps && rs > 1e-20f; step++) {
            multiply(gram, p, k, reg, ap);
            for (int q = s; q < e; q++) {
                int yo = idx[q] * k;
                DenseMath.axpy(cm1[q] * Dense.dot(fixed, yo, p, 0, k), fixed, yo, ap, k);
            }
            float pap = Dense.dot(p, 0, ap, 0, k);
            if (!(pap > 0)) {
                return;
            }
            float length = rs / pap;
            DenseMath.axpy(length, p, x, k);
            DenseMath.axpy(-length, ap, r, k);
            float rsNew = Dense.dot(r, 0, r, 0, k);
            float beta = rsNew / rs;
            for (int c = 0; c < k; c++) {
                p[c] = r[c] + beta * p[c];
            }
            rs = rsNew;
        }
    }

    /** {@code out = (G + reg I) v}, as a sum of the rows of the symmetric {@code G}. */
    private static void multiply(float[][] gram, float[] v, int k, float reg, float[] out) {
        for (int c = 0; c < k; c++) {
            out[c] = reg * v[c];
        }
        for (int a = 0; a < k; a++) {
            DenseMath.axpy(v[a], gram[a], out, k);
        }
    }

    /** The full objective, summed per row in a fixed order. */
    private double loss(float[] x, float[] y, InteractionMatrix.Side users, InteractionMatrix.Side items,
                        Workers workers) {
        int k = params.rank();
        double[][] gram = DenseMath.gram(y, y.length / k, k, workers);
        int numUsers = users.rows();
        double[] perUser = new double[numUsers];
        workers.forEachBlock(numUsers, ROW_BLOCK, (from, to) -> {
            for (int u = from; u < to; u++) {
                int xo = u * k;
                double all = 0;
                for (int a = 0; a < k; a++) {
                    double ga = 0;
                    for (int b = 0; b < k; b++) {
                        ga += gram[a][b] * x[xo + b];
                    }
                    all += x[xo + a] * ga;
                }
                double observed = 0;
                for (int q = users.ptr()[u]; q < users.ptr()[u + 1]; q++) {
                    double sc = Dense.dot(x, xo, y, users.index()[q] * k, k);
                    double c = 1.0 + users.values()[q];
                    observed += c * (1 - sc) * (1 - sc) - sc * sc;
                }
                int n = users.ptr()[u + 1] - users.ptr()[u];
                perUser[u] = all + observed + (n == 0 ? 0 : params.regularization(n) * Dense.dot(x, xo, x, xo, k));
            }
        });
        double total = 0;
        for (double v : perUser) {
            total += v;
        }
        for (int i = 0; i < items.rows(); i++) {
            int n = items.ptr()[i + 1] - items.ptr()[i];
            if (n > 0) {
                total += params.regularization(n) * Dense.dot(y, i * k, y, i * k, k);
            }
        }
        return total;
    }
}
