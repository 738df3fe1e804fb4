package io.shoplens.recommend.ease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.model.TrainingData;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The PyTorch solve agrees with a plain double-precision Gauss-Jordan inverse of {@code XᵀX + λI} on random small
 * binary matrices, and the diagonal of B is exactly zero.
 */
class EaseClosedFormTest {
    @Property(tries = 40)
    void agreesWithADoublePrecisionInverse(@ForAll @IntRange(min = 2, max = 7) int items,
                                           @ForAll @IntRange(min = 1, max = 12) int users,
                                           @ForAll @DoubleRange(min = 0.5, max = 50) double lambda,
                                           @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long t = 1_500_000_000L;
        for (int i = 0; i < items; i++) {
            b.event(0, i, 1, Behavior.PV, t++);
        }
        for (int u = 1; u <= users; u++) {
            for (int i = 0; i < items; i++) {
                if (rnd.nextInt(3) == 0) {
                    b.event(u, i, 1, Behavior.PV, t++);
                }
            }
        }
        InteractionStore s = b.build();
        double[][] x = new double[s.numUsers()][items];
        for (int u = 0; u < s.numUsers(); u++) {
            for (int p = s.userStart(u); p < s.userEnd(u); p++) {
                x[u][s.itemAt(p)] = 1;
            }
        }
        double[][] g = new double[items][items];
        for (double[] row : x) {
            for (int i = 0; i < items; i++) {
                for (int j = 0; j < items; j++) {
                    g[i][j] += row[i] * row[j];
                }
            }
        }
        for (int i = 0; i < items; i++) {
            g[i][i] += lambda;
        }
        double[][] p = invert(g);
        EaseModel m = new EaseTrainer(EaseParams.from(Map.of("lambda", Double.toString(lambda), "threads", "2")))
                .train(new TrainingData(s, ItemCatalog.empty(items), "property"));
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < items; j++) {
                double expected = i == j ? 0 : -p[i][j] / p[j][j];
                assertEquals(expected, m.weight(i, j), 1e-5 * Math.max(1, Math.abs(expected)),
                        "B[" + i + "][" + j + "]");
            }
            assertEquals(0f, m.weight(i, i));
        }
    }

    /** Gauss-Jordan with partial pivoting on a copy. */
    static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] w = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, w[i], 0, n);
            w[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(w[r][c]) > Math.abs(w[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tmp = w[c];
            w[c] = w[pivot];
            w[pivot] = tmp;
            double d = w[c][c];
            for (int k = 0; k < 2 * n; k++) {
                w[c][k] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && w[r][c] != 0) {
                    double f = w[r][c];
                    for (int k = 0; k < 2 * n; k++) {
                        w[r][k] -= f * w[c][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(w[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
