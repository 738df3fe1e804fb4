package io.shoplens.recommend.common;

/**
 * Dense vector kernels on float arrays, shared by the factor models and the heap-side inference of the deep models. Matrices are row-major as the engine stores a linear layer's weight:
 * {@code out × in}, row o at offset {@code o·in}. Every sum is taken in a fixed order, so a score does not depend
 * on the thread that computes it.
 */
public final class Dense {
    private Dense() {
    }

    /** {@code a[ao..ao+k) · b[bo..bo+k)} with eight partial sums (fixed order). */
    public static float dot(float[] a, int ao, float[] b, int bo, int k) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 7 < k; i += 8) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
            s4 += a[ao + i + 4] * b[bo + i + 4];
            s5 += a[ao + i + 5] * b[bo + i + 5];
            s6 += a[ao + i + 6] * b[bo + i + 6];
            s7 += a[ao + i + 7] * b[bo + i + 7];
        }
        for (; i < k; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * {@code y = W·x + b} for {@code W} of {@code out × in} (row-major) and bias {@code b} (null for none); {@code x}
     * is read from {@code x[xo..xo+in)}.
     */
    public static void affine(float[] w, float[] b, float[] x, int xo, int in, int out, float[] y) {
        for (int o = 0; o < out; o++) {
            y[o] = (b == null ? 0f : b[o]) + dot(w, o * in, x, xo, in);
        }
    }

    /** Hyperbolic tangent in place over {@code v[0..n)}. */
    public static void tanh(float[] v, int n) {
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.tanh(v[i]);
        }
    }

    /** The logistic function. */
    public static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
