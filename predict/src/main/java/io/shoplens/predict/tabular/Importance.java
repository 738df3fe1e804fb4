package io.shoplens.predict.tabular;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleBiFunction;

/**
 * Model-agnostic explanations. Permutation importance (Breiman, "Random forests", Mach. Learn. 2001; Fisher, Rudin
 * &amp; Dominici, JMLR 2019): how much a score drops when one column's values are shuffled across rows. Per-row
 * reasons by occlusion: how much the prediction moves when one feature is set to its typical (training median)
 * value.
 */
public final class Importance {
    private Importance() {
    }

    /**
     * Importance of one feature.
     *
     * @param feature the column
     * @param drop    mean drop of the score over the repeats (positive = the model relies on it)
     * @param sd      standard deviation of the drop over the repeats
     */
    public record Feature(String feature, double drop, double sd) {
    }

    /**
     * Permutation importance of every column of {@code table} for {@code model}, sorted by drop, largest first.
     *
     * @param score   higher-is-better score of predictions against the table's labels (e.g. AUC)
     * @param repeats shuffles per column, at least 1
     * @param seed    seed of the shuffles
     */
    public static List<Feature> permutation(TabularModel model, Table table,
            ToDoubleBiFunction<double[][], float[]> score, int repeats, long seed) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
        table.requireRows("the table for permutation importance");
        double base = score.applyAsDouble(model.predict(table), table.y());
        int n = table.rows();
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            x[i] = table.x()[i].clone();
        }
        Table work = new Table(table.featureNames(), x, table.y(), table.task(), table.numClasses(),
                table.fingerprint());
        SplittableRandom rng = new SplittableRandom(seed);
        List<Feature> out = new ArrayList<>();
        float[] column = new float[n];
        for (int j = 0; j < table.columns(); j++) {
            for (int i = 0; i < n; i++) {
                column[i] = x[i][j];
            }
            double[] drops = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                int[] perm = permutation(n, rng);
                for (int i = 0; i < n; i++) {
                    x[i][j] = column[perm[i]];
                }
                drops[r] = base - score.applyAsDouble(model.predict(work), table.y());
            }
            for (int i = 0; i < n; i++) {
                x[i][j] = column[i];
            }
            double m = 0;
            for (double v : drops) {
                m += v;
            }
            m /= repeats;
            double s2 = 0;
            for (double v : drops) {
                s2 += (v - m) * (v - m);
            }
            out.add(new Feature(table.featureNames().get(j), m, Math.sqrt(s2 / repeats)));
        }
        out.sort(Comparator.comparingDouble(Feature::drop).reversed().thenComparing(Feature::feature));
        return out;
    }

    /**
     * One reason for one prediction.
     *
     * @param feature  the column
     * @param value    the row's value
     * @param typical  the reference (training median)
     * @param effect   prediction minus the prediction with the feature set to {@code typical}
     * @param text     a readable sentence
     */
    public record Reason(String feature, double value, double typical, double effect, String text) {
    }

    /** Per-column medians of {@code table}'s rows, NaN ignored (NaN when a column has no value). */
    public static float[] medians(Table table) {
        int d = table.columns();
        float[] med = new float[d];
        float[] col = new float[table.rows()];
        for (int j = 0; j < d; j++) {
            int m = 0;
            for (float[] row : table.x()) {
                if (!Float.isNaN(row[j])) {
                    col[m++] = row[j];
                }
            }
            if (m == 0) {
                med[j] = Float.NaN;
                continue;
            }
            float[] c = java.util.Arrays.copyOf(col, m);
            java.util.Arrays.sort(c);
            med[j] = m % 2 == 1 ? c[m / 2] : (c[m / 2 - 1] + c[m / 2]) / 2;
        }
        return med;
    }

    /**
     * The {@code k} features that move the first output of {@code row} most when set to {@code typical}, largest
     * absolute effect first; features already at their typical value are skipped.
     */
    public static List<Reason> reasons(TabularModel model, float[] row, float[] typical, int k) {
        double base = model.predict(row)[0];
        List<Reason> all = new ArrayList<>();
        float[] probe = row.clone();
        for (int j = 0; j < row.length; j++) {
            if (row[j] == typical[j] || (Float.isNaN(row[j]) && Float.isNaN(typical[j]))) {
                continue;
            }
            probe[j] = typical[j];
            double effect = base - model.predict(probe)[0];
            probe[j] = row[j];
            String name = model.featureNames().get(j);
            all.add(new Reason(name, row[j], typical[j], effect, String.format(Locale.ROOT,
                    "%s = %.4g (typical %.4g) %s the prediction by %.4f", name, row[j], typical[j],
                    effect >= 0 ? "raises" : "lowers", Math.abs(effect))));
        }
        all.sort(Comparator.comparingDouble((Reason r) -> -Math.abs(r.effect())).thenComparing(Reason::feature));
        return all.subList(0, Math.min(k, all.size()));
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
