package io.shoplens.spark.recommend;

/**
 * In-place Cholesky factorisation and solves of small symmetric positive definite {@code k × k} systems stored
 * row-major in a {@code double[k * k]}, for the implicit-ALS fold-in. Only the lower triangle is read and written.
 */
final class Cholesky {
    private Cholesky() {
    }

    /**
     * Replaces the lower triangle of {@code a} with {@code L}, where {@code a = L Lᵀ}; false (and {@code a}
     * partly overwritten) when {@code a} is not positive definite.
     */
    static boolean factor(double[] a, int k) {
        for (int j = 0; j < k; j++) {
            int rj = j * k;
            double d = a[rj + j];
            for (int p = 0; p < j; p++) {
                d -= a[rj + p] * a[rj + p];
            }
            if (!(d > 0)) {
                return false;
            }
            double ljj = Math.sqrt(d);
            a[rj + j] = ljj;
            for (int i = j + 1; i < k; i++) {
                int ri = i * k;
                double s = a[ri + j];
                for (int p = 0; p < j; p++) {
                    s -= a[ri + p] * a[rj + p];
                }
                a[ri + j] = s / ljj;
            }
        }
        return true;
    }

    /** Solves {@code L Lᵀ x = b} in place ({@code b} becomes {@code x}) with the factor from {@link #factor}. */
    static void solve(double[] l, int k, double[] b) {
        for (int i = 0; i < k; i++) {
            int ri = i * k;
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= l[ri + p] * b[p];
            }
            b[i] = s / l[ri + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double s = b[i];
            for (int p = i + 1; p < k; p++) {
                s -= l[p * k + i] * b[p];
            }
            b[i] = s / l[i * k + i];
        }
    }
}
