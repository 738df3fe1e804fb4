package io.shoplens.predict.tabular;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Per-column centring and scaling, z = (x - mean) / sd, learnt on training rows; columns with zero spread keep
 * sd 1. Immutable.
 */
public final class Standardizer {
    private final float[] mean;
    private final float[] sd;

    private Standardizer(float[] mean, float[] sd) {
        this.mean = mean;
        this.sd = sd;
    }

    /** Learns means and standard deviations of the columns of {@code x} (at least one row, finite values). */
    public static Standardizer fit(float[][] x, int columns) {
        if (x.length == 0) {
            throw new IllegalArgumentException("cannot standardise zero rows");
        }
        double[] s = new double[columns];
        double[] s2 = new double[columns];
        for (float[] r : x) {
            for (int j = 0; j < columns; j++) {
                s[j] += r[j];
            }
        }
        float[] m = new float[columns];
        for (int j = 0; j < columns; j++) {
            m[j] = (float) (s[j] / x.length);
        }
        for (float[] r : x) {
            for (int j = 0; j < columns; j++) {
                double d = r[j] - m[j];
                s2[j] += d * d;
            }
        }
        float[] sd = new float[columns];
        for (int j = 0; j < columns; j++) {
            double v = Math.sqrt(s2[j] / x.length);
            sd[j] = v > 1e-12 ? (float) v : 1f;
        }
        return new Standardizer(m, sd);
    }

    /** The standardised copy of {@code row}. */
    public float[] apply(float[] row) {
        float[] z = new float[row.length];
        for (int j = 0; j < row.length; j++) {
            z[j] = (row[j] - mean[j]) / sd[j];
        }
        return z;
    }

    /** Number of columns. */
    public int columns() {
        return mean.length;
    }

    /** Mean of column {@code j} in the training rows. */
    public float mean(int j) {
        return mean[j];
    }

    /** Standard deviation of column {@code j} (1 when constant). */
    public float sd(int j) {
        return sd[j];
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(mean.length);
        for (int j = 0; j < mean.length; j++) {
            out.writeFloat(mean[j]);
            out.writeFloat(sd[j]);
        }
    }

    static Standardizer read(DataInputStream in, int expectedColumns) throws IOException {
        int n = in.readInt();
        if (n != expectedColumns) {
            throw new IOException("corrupt model: standardiser has " + n + " columns, expected " + expectedColumns);
        }
        float[] m = new float[n];
        float[] s = new float[n];
        for (int j = 0; j < n; j++) {
            m[j] = in.readFloat();
            s[j] = in.readFloat();
        }
        return new Standardizer(m, s);
    }
}
