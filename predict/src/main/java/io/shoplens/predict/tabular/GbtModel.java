package io.shoplens.predict.tabular;

import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees (XGBoost). The booster is rebuilt from its serialised form (UBJSON) at construction and
 * only ever read: predictions use XGBoost's in-place prediction, which is safe to call from many threads.
 * Missing feature values are NaN.
 */
public final class GbtModel implements TabularModel {
    private final Schema schema;
    private final byte[] bytes;
    private final int rounds;
    private final Booster booster;
    private final Provenance provenance;

    GbtModel(Schema schema, byte[] bytes, int rounds, Provenance provenance) {
        this.schema = schema;
        this.bytes = bytes.clone();
        this.rounds = rounds;
        this.provenance = provenance;
        try {
            this.booster = XGBoost.loadModel(this.bytes);
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("cannot load XGBoost booster: " + e.getMessage(), e);
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    /** Boosting rounds in the model (chosen on validation). */
    public int rounds() {
        return rounds;
    }

    @Override
    public double[] predict(float[] row) {
        checkRow(row);
        return predictFlat(row, 1)[0];
    }

    @Override
    public double[][] predict(Table table) {
        table.requireSameColumns(featureNames());
        int d = table.columns();
        float[] flat = new float[table.rows() * d];
        for (int i = 0; i < table.rows(); i++) {
            System.arraycopy(table.x()[i], 0, flat, i * d, d);
        }
        return predictFlat(flat, table.rows());
    }

    private double[][] predictFlat(float[] flat, int n) {
        if (n == 0) {
            return new double[0][];
        }
        float[][] p;
        try {
            p = booster.inplace_predict(flat, n, schema.featureNames().size(), Float.NaN);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new double[p[i].length];
            for (int k = 0; k < p[i].length; k++) {
                out[i][k] = p[i][k];
            }
        }
        return out;
    }

    /**
     * Total gain of the splits on each feature (XGBoost's "total_gain"), by feature name in column order;
     * features never split on have 0.
     */
    public Map<String, Double> totalGain() {
        Map<String, Double> raw;
        try {
            raw = booster.getScore(schema.featureNames().toArray(new String[0]), "total_gain");
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot read XGBoost gains: " + e.getMessage(), e);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String f : schema.featureNames()) {
            out.put(f, raw.getOrDefault(f, 0.0));
        }
        return out;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            schema.write(out);
            out.writeInt(rounds);
            out.writeInt(bytes.length);
            out.write(bytes);
        });
    }

    /** Loads a model saved by {@link #save}. */
    public static GbtModel load(Path file) {
        return ModelFiles.read(file, GbtParams.NAME, GbtModel::read);
    }

    private static GbtModel read(DataInputStream in, Provenance provenance) throws IOException {
        Schema s = Schema.read(in);
        int rounds = in.readInt();
        int n = in.readInt();
        if (n < 0 || n > (1 << 30)) {
            throw new IOException("corrupt XGBoost model: " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new GbtModel(s, b, rounds, provenance);
    }
}
