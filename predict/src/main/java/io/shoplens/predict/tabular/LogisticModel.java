package io.shoplens.predict.tabular;

import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A binary logistic regression: {@code p = σ(b + Σ wⱼ zⱼ)} over standardised features {@code z}. Coefficients are
 * per standard deviation of their feature, so their sizes compare. Immutable and thread-safe.
 */
public final class LogisticModel implements TabularModel {
    private final Schema schema;
    private final Standardizer standardizer;
    private final double intercept;
    private final double[] coef;
    private final Provenance provenance;

    LogisticModel(Schema schema, Standardizer standardizer, double intercept, double[] coef, Provenance provenance) {
        this.schema = schema;
        this.standardizer = standardizer;
        this.intercept = intercept;
        this.coef = coef.clone();
        this.provenance = provenance;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    /** The intercept (log-odds at the mean of every feature). */
    public double intercept() {
        return intercept;
    }

    /** The coefficient of feature {@code j} in log-odds per standard deviation. */
    public double coefficient(int j) {
        return coef[j];
    }

    @Override
    public double[] predict(float[] row) {
        checkRow(row);
        float[] z = standardizer.apply(row);
        double m = intercept;
        for (int j = 0; j < coef.length; j++) {
            m += coef[j] * z[j];
        }
        return new double[] {LogisticTrainer.sigmoid(m)};
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            schema.write(out);
            standardizer.write(out);
            out.writeDouble(intercept);
            for (double c : coef) {
                out.writeDouble(c);
            }
        });
    }

    /** Loads a model saved by {@link #save}. */
    public static LogisticModel load(Path file) {
        return ModelFiles.read(file, LogisticParams.NAME, LogisticModel::read);
    }

    private static LogisticModel read(DataInputStream in, Provenance provenance) throws IOException {
        Schema s = Schema.read(in);
        Standardizer st = Standardizer.read(in, s.featureNames().size());
        double b = in.readDouble();
        double[] c = new double[s.featureNames().size()];
        for (int j = 0; j < c.length; j++) {
            c[j] = in.readDouble();
        }
        return new LogisticModel(s, st, b, c, provenance);
    }
}
