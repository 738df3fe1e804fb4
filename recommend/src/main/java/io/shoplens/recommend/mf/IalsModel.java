package io.shoplens.recommend.mf;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
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
 * An implicit-ALS factor model (Hu, Koren &amp; Volinsky, ICDM 2008). A user is scored by <em>folding in</em> the
 * given history with the trained item factors {@code Y}: the history becomes a row of strengths (the training
 * {@link io.shoplens.recommend.common.Weighting}), and the user's vector is the exact least-squares solution of
 * the training objective for that row, {@code x = A⁻¹ Yᵀ C p} with {@code A = YᵀY + Yᵀ(C - I)Y + reg I}, solved by
 * Cholesky in double precision. Unknown users, the test history (train plus validation item) and live events
 * are therefore scored the same way as training users; the trained user vectors are kept (see
 * {@link #trainedUserVector}) but not used for scoring.
 *
 * <p>An empty history (or one whose items are all outside the model) is scored with the mean of the non-zero
 * trained user vectors: the average shopper's taste, which ranks roughly by popularity.
 *
 * <p>{@link #explain} gives the exact decomposition of Hu et al. (section 5): the score of item {@code j} is
 * {@code Σ_i c_i (y_jᵀ A⁻¹ y_i)} over the history items {@code i}, so each history item's evidence weight is
 * {@code c_i y_jᵀ A⁻¹ y_i} and the weights add up to the score.
 *
 * <p>Immutable and thread-safe; a fold-in costs {@code O(n k² + k³)} for a history of {@code n} distinct items.
 */
public final class IalsModel extends FactorModel {
    private final IalsParams params;
    private final boolean ordinalTime;
    private final double[][] gram;

    IalsModel(Factors factors, IalsParams params, boolean ordinalTime, Provenance provenance) {
        super(factors, provenance);
        this.params = params;
        this.ordinalTime = ordinalTime;
        try (Workers sequential = new Workers(1, "shoplens-ials-gram")) {
            this.gram = DenseMath.gram(factors.items(), factors.numItems(), factors.rank(), sequential);
        }
    }

    /** The hyperparameters the model was trained with (fold-in uses the same ones). */
    public IalsParams params() {
        return params;
    }

    @Override
    public float[] userVector(UserHistory history) {
        FoldIn f = foldIn(history);
        return f == null ? meanUserVector() : f.x;
    }

    @Override
    public Explanation explain(UserHistory history, int item) {
        checkItem(item);
        FoldIn f = foldIn(history);
        int k = rank();
        if (f == null) {
            float score = scoreWith(meanUserVector(), item);
            return new Explanation(item, score, "No history yet: scored with the average shopper's taste",
                    List.of(new Evidence("popularity", item, score, "average trained user vector")));
        }
        float score = scoreWith(f.x, item);
        double[] z = new double[k];
        float[] y = itemFactorTable();
        for (int c = 0; c < k; c++) {
            z[c] = y[item * k + c];
        }
        DenseMath.choleskySolve(f.chol, k, z);
        List<Evidence> evidence = new ArrayList<>(f.items.length);
        for (int n = 0; n < f.items.length; n++) {
            int i = f.items[n];
            double zy = 0;
            for (int c = 0; c < k; c++) {
                zy += z[c] * y[i * k + c];
            }
            double conf = 1.0 + f.cm1[n];
            evidence.add(new Evidence("history-item", i, conf * zy, String.format(Locale.ROOT,
                    "interacted with strength %.3g (confidence %.3g), affinity %.4g", f.strengths[n], conf, zy)));
        }
        evidence.sort(Comparator.comparingDouble(Evidence::weight).reversed()
                .thenComparingInt(Evidence::item));
        List<Evidence> positive = evidence.stream().filter(e -> e.weight() > 0).toList();
        String summary = becauseSummary(itemsOf(positive.isEmpty() ? evidence : positive));
        return new Explanation(item, score, summary, evidence);
    }

    /**
     * The fold-in of a history: its in-range items, their strengths and confidences minus one, the Cholesky
     * factor of {@code A}, and the solution {@code x}; null for an empty history.
     */
    private record FoldIn(int[] items, float[] strengths, float[] cm1, double[][] chol, float[] x) {
    }

    private FoldIn foldIn(UserHistory history) {
        InteractionMatrix.Row row = InteractionMatrix.rowOf(history, params.weighting(), ordinalTime);
        int[] items = new int[row.size()];
        float[] strengths = new float[row.size()];
        float[] cm1 = new float[row.size()];
        int n = 0;
        for (int q = 0; q < row.size(); q++) {
            int i = row.items()[q];
            if (knownItem(i)) {
                items[n] = i;
                strengths[n] = row.values()[q];
                cm1[n] = (float) params.confidenceMinusOne(row.values()[q]);
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        int k = rank();
        double[][] a = new double[k][k];
        double[] b = new double[k];
        int[] offsets = new int[n];
        for (int q = 0; q < n; q++) {
            offsets[q] = items[q] * k;
        }
        exactSolve(itemFactorTable(), offsets, cm1, 0, gram, k, n, params.regularization(n), a, b);
        float[] x = new float[k];
        for (int c = 0; c < k; c++) {
            x[c] = (float) b[c];
        }
        return new FoldIn(Arrays.copyOf(items, n), Arrays.copyOf(strengths, n), Arrays.copyOf(cm1, n), a, x);
    }

    /**
     * Solves {@code (G + reg I + Σ_q cm1_q y_q y_qᵀ) x = Σ_q (1 + cm1_q) y_q} exactly over {@code n} entries, where
     * entry {@code q} is the row {@code table[offsets[q]..offsets[q]+k)} with confidence minus one
     * {@code cm1[cmStart + q]}. On return {@code a} holds the Cholesky factor in its lower triangle and {@code b}
     * the solution. When rounding leaves the matrix indefinite (only possible with {@code reg = 0}), a ridge of
     * relative size 1e-6 is added.
     */
    static void exactSolve(float[] table, int[] offsets, float[] cm1, int cmStart, double[][] gram, int k, int n,
                           double reg, double[][] a, double[] b) {
        double ridge = 0;
        for (int attempt = 0; ; attempt++) {
            for (int r = 0; r < k; r++) {
                System.arraycopy(gram[r], r, a[r], r, k - r);
                a[r][r] += reg + ridge;
            }
            Arrays.fill(b, 0, k, 0.0);
            for (int q = 0; q < n; q++) {
                int yo = offsets[q];
                double w = cm1[cmStart + q];
                double conf = 1.0 + w;
                for (int r = 0; r < k; r++) {
                    double yr = table[yo + r];
                    b[r] += conf * yr;
                    if (w != 0 && yr != 0) {
                        double wy = w * yr;
                        double[] ar = a[r];
                        for (int c = r; c < k; c++) {
                            ar[c] += wy * table[yo + c];
                        }
                    }
                }
            }
            if (DenseMath.cholesky(a, k)) {
                DenseMath.choleskySolve(a, k, b);
                return;
            }
            if (attempt == 3) {
                throw new IllegalStateException("iALS system is not positive definite even with a ridge of "
                        + ridge + "; use lambda > 0");
            }
            double trace = 0;
            for (int c = 0; c < k; c++) {
                trace += gram[c][c];
            }
            ridge = Math.max(ridge * 100, 1e-6 * (trace / k + 1));
        }
    }

    @Override
    void writeExtra(DataOutputStream out) throws IOException {
        out.writeBoolean(ordinalTime);
    }

    /** Loads a model saved by {@link #save}. */
    public static IalsModel load(Path file) {
        return ModelFiles.read(file, IalsParams.NAME, IalsModel::read);
    }

    private static IalsModel read(DataInputStream in, Provenance provenance) throws IOException {
        Factors f = Factors.read(in);
        boolean ordinalTime = in.readBoolean();
        return new IalsModel(f, IalsParams.from(provenance.params()), ordinalTime, provenance);
    }
}
