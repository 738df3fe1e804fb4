package io.shoplens.predict.tabular;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The inference side of an MLP in plain Java: dense layers with ReLU between them and no activation after the last
 * (it returns logits or values). Weights are copied out of the trained PyTorch network, so scoring needs no native
 * code and is thread-safe. Immutable.
 */
final class DenseNet {
    private final float[][][] weights;
    private final float[][] biases;

    /** {@code weights[l][out][in]} and {@code biases[l][out]}, taken as given. */
    DenseNet(float[][][] weights, float[][] biases) {
        if (weights.length == 0 || weights.length != biases.length) {
            throw new IllegalArgumentException("a network needs matching weights and biases, got " + weights.length
                    + " and " + biases.length + " layers");
        }
        this.weights = weights;
        this.biases = biases;
    }

    int inputs() {
        return weights[0][0].length;
    }

    int outputs() {
        return biases[biases.length - 1].length;
    }

    /** The last layer's outputs for {@code x}. */
    double[] forward(float[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
        }
        for (int l = 0; l < weights.length; l++) {
            float[][] w = weights[l];
            float[] b = biases[l];
            double[] next = new double[b.length];
            for (int o = 0; o < b.length; o++) {
                float[] row = w[o];
                double s = b[o];
                for (int i = 0; i < row.length; i++) {
                    s += row[i] * a[i];
                }
                next[o] = (l < weights.length - 1 && s < 0) ? 0 : s;
            }
            a = next;
        }
        return a;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(weights.length);
        for (int l = 0; l < weights.length; l++) {
            out.writeInt(weights[l].length);
            out.writeInt(weights[l][0].length);
            for (float[] row : weights[l]) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
            for (float v : biases[l]) {
                out.writeFloat(v);
            }
        }
    }

    static DenseNet read(DataInputStream in) throws IOException {
        int layers = in.readInt();
        if (layers < 1 || layers > 64) {
            throw new IOException("corrupt network: " + layers + " layers");
        }
        float[][][] w = new float[layers][][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int out = in.readInt();
            int inp = in.readInt();
            if (out < 1 || inp < 1 || (long) out * inp > (1L << 28)) {
                throw new IOException("corrupt network: layer " + l + " is " + out + " x " + inp);
            }
            w[l] = new float[out][inp];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < inp; i++) {
                    w[l][o][i] = in.readFloat();
                }
            }
            b[l] = new float[out];
            for (int o = 0; o < out; o++) {
                b[l][o] = in.readFloat();
            }
        }
        return new DenseNet(w, b);
    }
}
