package io.shoplens.predict.tabular;

import java.util.List;
import java.util.SplittableRandom;

/** Small seeded tables with a known signal. */
final class Fixtures {
    private Fixtures() {
    }

    /** y = 1 when 2·x0 - x1 + x0·x2 + noise > 0.5; x3 is pure noise. */
    static Table binary(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][4];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) gaussian(r);
            }
            double m = 2 * x[i][0] - x[i][1] + x[i][0] * x[i][2] + 0.5 * gaussian(r);
            y[i] = m > 0.5 ? 1 : 0;
        }
        return new Table(List.of("a", "b", "c", "noise"), x, y, Task.BINARY, 2, "binary-" + seed);
    }

    /** Three classes by the sign pattern of x0 and x1. */
    static Table multiclass(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][3];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = (float) gaussian(r);
            }
            y[i] = x[i][0] > 0.3 ? 0 : (x[i][1] > 0 ? 1 : 2);
        }
        return new Table(List.of("a", "b", "noise"), x, y, Task.MULTICLASS, 3, "multi-" + seed);
    }

    /** y = 3·x0 + x1² + noise. */
    static Table regression(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][3];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = (float) gaussian(r);
            }
            y[i] = (float) (3 * x[i][0] + x[i][1] * x[i][1] + 0.1 * gaussian(r));
        }
        return new Table(List.of("a", "b", "noise"), x, y, Task.REGRESSION, 1, "reg-" + seed);
    }

    static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
