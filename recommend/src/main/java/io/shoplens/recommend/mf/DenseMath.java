package io.shoplens.recommend.mf;

/**
 * Small dense linear algebra on primitive arrays for the factor models: the in-order dot product of scores (other
 * dot products are {@link io.shoplens.recommend.common.Dense#dot}), axpy, the Gram matrix of
 * a factor table, and Cholesky factorisation and solves of symmetric positive definite systems. Square matrices
 * are arrays of rows. Hot loops are axpy forms whose operands start at the same index, which the JIT turns into
 * SIMD code (with different offsets into two arrays that might be the same one it cannot).
 */
final class DenseMath {
    /** Rows per partial Gram block; fixed so that sums do not depend on the thread count. */
    static final int GRAM_BLOCK = 256;
    /** Blocks per group of the Gram matrix's double-precision partial sums. */
    static final int GRAM_GROUP = 64;

    private DenseMath() {
    }

    /** {@code a[ao..ao+k) · b[bo..bo+k)}, summed in index order (the order every score uses). */
    static float dotInOrder(float[] a, int ao, float[] b, int bo, int k) {
        float s = 0;
        for (int i = 0; i < k; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** {@code y[0..k) += alpha * x[0..k)}. */
    static void axpy(float alpha, float[] x, float[] y, int k) {
        for (int i = 0; i < k; i++) {
            y[i] += alpha * x[i];
        }
    }

    /** {@code y[0..k) += alpha * x[xo..xo+k)}. */
    static void axpy(float alpha, float[] x, int xo, float[] y, int k) {
        for (int i = 0; i < k; i++) {
            y[i] += alpha * x[xo + i];
        }
    }

    /** {@code y[from..to) += alpha * x[from..to)}. */
    static void axpy(float alpha, float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] += alpha * x[i];
        }
    }

    /** {@code y[from..to) += alpha * x[from..to)}. */
    static void axpy(double alpha, double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] += alpha * x[i];
        }
    }

    /**
     * The Gram matrix {@code Σ_r rᵀ r} of the first {@code n} rows of the flat {@code k}-column table {@code table},
     * as {@code k} rows of {@code k} doubles (full and symmetric). Partial sums of the lower triangle are taken in
     * float over fixed blocks of {@link #GRAM_BLOCK} rows, added in double over fixed groups of
     * {@link #GRAM_GROUP} blocks and the groups added in order, so the result is the same on any number of threads
     * and the partial sums held at once are one per group.
     */
    static double[][] gram(float[] table, int n, int k, Workers workers) {
        int blocks = (n + GRAM_BLOCK - 1) / GRAM_BLOCK;
        int groups = (blocks + GRAM_GROUP - 1) / GRAM_GROUP;
        double[][][] partial = new double[groups][][];
        workers.forEachBlock(groups, 1, (fromGroup, toGroup) -> {
            float[][] acc = new float[k][k];
            float[] y = new float[k];
            for (int gr = fromGroup; gr < toGroup; gr++) {
                double[][] g = new double[k][k];
                for (int b = gr * GRAM_GROUP; b < Math.min(blocks, (gr + 1) * GRAM_GROUP); b++) {
                    for (float[] a : acc) {
                        java.util.Arrays.fill(a, 0f);
                    }
                    for (int r = b * GRAM_BLOCK; r < Math.min(n, (b + 1) * GRAM_BLOCK); r++) {
                        System.arraycopy(table, r * k, y, 0, k);
                        for (int a = 0; a < k; a++) {
                            if (y[a] != 0) {
                                axpy(y[a], y, acc[a], a + 1);
                            }
                        }
                    }
                    for (int a = 0; a < k; a++) {
                        for (int c = 0; c <= a; c++) {
                            g[a][c] += acc[a][c];
                        }
                    }
                }
                partial[gr] = g;
            }
        });
        double[][] gram = new double[k][k];
        for (double[][] g : partial) {
            for (int a = 0; a < k; a++) {
                axpy(1.0, g[a], gram[a], 0, a + 1);
            }
        }
        for (int a = 0; a < k; a++) {
            for (int c = 0; c < a; c++) {
                gram[c][a] = gram[a][c];
            }
        }
        return gram;
    }

    /**
     * Cholesky factorisation {@code A = Uᵀ U} in place, right-looking by rows: only the upper triangle of
     * {@code a} ({@code k} rows of at least {@code k} doubles) is read, and on return it holds {@code U}.
     *
     * @return false when {@code a} is not (numerically) positive definite
     */
    static boolean cholesky(double[][] a, int k) {
        for (int j = 0; j < k; j++) {
            double[] rj = a[j];
            double d = rj[j];
            if (!(d > 0) || Double.isInfinite(d)) {
                return false;
            }
            d = Math.sqrt(d);
            double inv = 1.0 / d;
            rj[j] = d;
            for (int c = j + 1; c < k; c++) {
                rj[c] *= inv;
            }
            for (int i = j + 1; i < k; i++) {
                double f = rj[i];
                if (f != 0) {
                    axpy(-f, rj, a[i], i, k);
                }
            }
        }
        return true;
    }

    /** Solves {@code Uᵀ U x = b} in place ({@code b} becomes {@code x}) with the factor from {@link #cholesky}. */
    static void choleskySolve(double[][] u, int k, double[] b) {
        for (int j = 0; j < k; j++) {
            b[j] /= u[j][j];
            axpy(-b[j], u[j], b, j + 1, k);
        }
        for (int j = k - 1; j >= 0; j--) {
            double[] uj = u[j];
            double s = b[j];
            for (int c = j + 1; c < k; c++) {
                s -= uj[c] * b[c];
            }
            b[j] = s / uj[j];
        }
    }
}
