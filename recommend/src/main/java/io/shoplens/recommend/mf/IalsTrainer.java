package io.shoplens.recommend.mf;

import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.common.Dense;
import io.shoplens.recommend.common.InteractionMatrix;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
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
     * Trains, reporting the objective after every iteration to {@code listener} (nullable; computing the
     * objective costs about a tenth of an iteration, so it is only done when someone listens).
     */
    public IalsModel train(TrainingData data, IterationListener listener) {
        long t0 = System.nanoTime();
        InteractionMatrix m = InteractionMatrix.of(data.events(), params.weighting());
        int k = params.rank();
        int numUsers = m.numUsers();
        int numItems = m.numItems();
        Side users = Side.ofUsers(m, params);
        Side items = Side.ofItems(m, params);
        float[][] x = initial(numUsers, k, params.initStd(), params.seed(), 0);
        float[][] y = initial(numItems, k, params.initStd(), params.seed(), 1);
        try (Workers workers = new Workers(params.threads(), "shoplens-ials")) {
            for (int it = 1; it <= params.iterations(); it++) {
                sweep(x, y, users, workers);
                sweep(y, x, items, workers);
                if (listener != null) {
                    listener.iterationDone(it, loss(x, y, users, items, workers));
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("iALS: {} users, {} items, {} pairs, rank {}, {} iterations in {} s", numUsers, numItems, m.nnz(),
                k, params.iterations(), String.format(Locale.ROOT, "%.2f", seconds));
        Provenance prov = new Provenance(IalsParams.NAME, params.asMap(), data.fingerprint(), params.seed(),
                Provenance.shoplensVersion(), Instant.now(), seconds);
        return new IalsModel(new FactorModel.Factors(k, numUsers, numItems, flatten(x, k), flatten(y, k), null),
                params, data.events().ordinalTime(), prov);
    }

    /**
     * One side of the matrix as compressed rows: row {@code r}'s entries are {@code [ptr[r], ptr[r+1])}, with the
     * other side's index and the confidence minus one.
     */
    private record Side(int[] ptr, int[] idx, float[] cm1) {
        static Side ofUsers(InteractionMatrix m, IalsParams p) {
            int[] ptr = new int[m.numUsers() + 1];
            int[] idx = new int[m.nnz()];
            float[] cm1 = new float[m.nnz()];
            for (int u = 0; u < m.numUsers(); u++) {
                ptr[u + 1] = m.userEnd(u);
                for (int e = m.userStart(u); e < m.userEnd(u); e++) {
                    idx[e] = m.userItem(e);
                    cm1[e] = (float) p.confidenceMinusOne(m.userValue(e));
                }
            }
            return new Side(ptr, idx, cm1);
        }

        static Side ofItems(InteractionMatrix m, IalsParams p) {
            int[] ptr = new int[m.numItems() + 1];
            int[] idx = new int[m.nnz()];
            float[] cm1 = new float[m.nnz()];
            for (int i = 0; i < m.numItems(); i++) {
                ptr[i + 1] = m.itemEnd(i);
                for (int e = m.itemStart(i); e < m.itemEnd(i); e++) {
                    idx[e] = m.itemUser(e);
                    cm1[e] = (float) p.confidenceMinusOne(m.itemValue(e));
                }
            }
            return new Side(ptr, idx, cm1);
        }
    }

    /** Gaussian factors; row {@code r} is drawn from its own stream, so the table does not depend on order. */
    static float[][] initial(int rows, int k, double std, long seed, int salt) {
        float[][] f = new float[rows][k];
        long base = new SplittableRandom(seed * 31 + salt).nextLong();
        for (int r = 0; r < rows; r++) {
            SplittableRandom rnd = new SplittableRandom(base + 0x9E3779B97F4A7C15L * r);
            for (int a = 0; a < k; a++) {
                f[r][a] = (float) (gaussian(rnd) * std);
            }
        }
        return f;
    }

    static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    static float[] flatten(float[][] rows, int k) {
        float[] flat = new float[rows.length * k];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * k, k);
        }
        return flat;
    }

    /** Solves every row of {@code target} with {@code fixed} held constant. */
    private void sweep(float[][] target, float[][] fixed, Side side, Workers workers) {
        int k = params.rank();
        double[][] gram = DenseMath.gram(fixed, k, workers);
        boolean cg = IalsParams.CG.equals(params.solver());
        float[][] gramRows = new float[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                gramRows[a][b] = (float) gram[a][b];
            }
        }
        workers.forEachBlock(target.length, ROW_BLOCK, (from, to) -> {
            float[] r = new float[k];
            float[] p = new float[k];
            float[] ap = new float[k];
            double[][] a = cg ? null : new double[k][k];
            double[] b = cg ? null : new double[k];
            float[] rows = new float[0];
            int[] offsets = new int[0];
            for (int row = from; row < to; row++) {
                int s = side.ptr[row];
                int e = side.ptr[row + 1];
                if (s == e) {
                    Arrays.fill(target[row], 0f);
                    continue;
                }
                double reg = params.regularization(e - s);
                if (cg) {
                    conjugateGradient(target[row], fixed, gramRows, k, side.idx, side.cm1, s, e, (float) reg,
                            params.cgSteps(), r, p, ap);
                } else {
                    if (offsets.length < e - s) {
                        rows = new float[(e - s) * k];
                        offsets = new int[e - s];
                    }
                    for (int q = s; q < e; q++) {
                        System.arraycopy(fixed[side.idx[q]], 0, rows, (q - s) * k, k);
                        offsets[q - s] = (q - s) * k;
                    }
                    IalsModel.exactSolve(rows, offsets, side.cm1, s, gram, k, e - s, reg, a, b);
                    for (int c = 0; c < k; c++) {
                        target[row][c] = (float) b[c];
                    }
                }
            }
        });
    }

    /**
     * A few conjugate-gradient steps on {@code (G + reg I + Σ_q cm1_q y_q y_qᵀ) x = Σ_q (1 + cm1_q) y_q} over the
     * entries {@code q ∈ [s, e)} with {@code y_q = fixed[idx[q]]}, starting from the current {@code x}, which is
     * updated in place.
     */
    static void conjugateGradient(float[] x, float[][] fixed, float[][] gram, int k, int[] idx, float[] cm1,
                                  int s, int e, float reg, int steps, float[] r, float[] p, float[] ap) {
        multiply(gram, x, k, reg, r);
        for (int c = 0; c < k; c++) {
            r[c] = -r[c];
        }
        for (int q = s; q < e; q++) {
            float[] yq = fixed[idx[q]];
            float dot = Dense.dot(yq, 0, x, 0, k);
            DenseMath.axpy(1f + cm1[q] - cm1[q] * dot, yq, r, k);
        }
        System.arraycopy(r, 0, p, 0, k);
        float rs = Dense.dot(r, 0, r, 0, k);
        for (int step = 0; step < steps && rs > 1e-20f; step++) {
            multiply(gram, p, k, reg, ap);
            for (int q = s; q < e; q++) {
                float[] yq = fixed[idx[q]];
                DenseMath.axpy(cm1[q] * Dense.dot(yq, 0, p, 0, k), yq, ap, k);
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
    private double loss(float[][] x, float[][] y, Side users, Side items, Workers workers) {
        int k = params.rank();
        double[][] gram = DenseMath.gram(y, k, workers);
        double[] perUser = new double[x.length];
        workers.forEachBlock(x.length, ROW_BLOCK, (from, to) -> {
            for (int u = from; u < to; u++) {
                float[] xu = x[u];
                double all = 0;
                for (int a = 0; a < k; a++) {
                    double ga = 0;
                    for (int b = 0; b < k; b++) {
                        ga += gram[a][b] * xu[b];
                    }
                    all += xu[a] * ga;
                }
                double observed = 0;
                for (int q = users.ptr[u]; q < users.ptr[u + 1]; q++) {
                    double sc = Dense.dot(xu, 0, y[users.idx[q]], 0, k);
                    double c = 1.0 + users.cm1[q];
                    observed += c * (1 - sc) * (1 - sc) - sc * sc;
                }
                int n = users.ptr[u + 1] - users.ptr[u];
                perUser[u] = all + observed + (n == 0 ? 0 : params.regularization(n) * Dense.dot(xu, 0, xu, 0, k));
            }
        });
        double total = 0;
        for (double v : perUser) {
            total += v;
        }
        for (int i = 0; i < y.length; i++) {
            int n = items.ptr[i + 1] - items.ptr[i];
            if (n > 0) {
                total += params.regularization(n) * Dense.dot(y[i], 0, y[i], 0, k);
            }
        }
        return total;
    }
}
