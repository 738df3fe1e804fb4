package io.shoplens.predict.tabular;

import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained multilayer perceptron (see {@link MlpParams}): standardised features through dense ReLU layers, then
 * a sigmoid (binary), a softmax (multiclass) or the de-standardised value (regression). Scoring runs in plain Java
 * on weights copied out of PyTorch: immutable and thread-safe.
 */
public final class MlpModel implements TabularModel {
    private final Schema schema;
    private final Standardizer standardizer;
    private final DenseNet net;
    private final Output head;
    private final Provenance provenance;

    MlpModel(Schema schema, Standardizer standardizer, DenseNet net, Output head, Provenance provenance) {
        if (net.inputs() != schema.featureNames().size()) {
            throw new IllegalArgumentException("network takes " + net.inputs() + " inputs but the schema has "
                    + schema.featureNames().size() + " features");
        }
        this.schema = schema;
        this.standardizer = standardizer;
        this.net = net;
        this.head = head;
        this.provenance = provenance;
    }

    /**
     * Turns the last layer into outputs.
     *
     * @param task  the task
     * @param yMean regression target mean (0 otherwise)
     * @param ySd   regression target standard deviation (1 otherwise)
     */
    record Output(Task task, double yMean, double ySd) {
        double[] apply(double[] raw) {
            return switch (task) {
                case BINARY -> new double[] {LogisticTrainer.sigmoid(raw[0])};
                case REGRESSION -> new double[] {yMean + ySd * raw[0]};
                case MULTICLASS -> softmax(raw);
            };
        }

        private static double[] softmax(double[] z) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double s = 0;
            double[] p = new double[z.length];
            for (int k = 0; k < z.length; k++) {
                p[k] = Math.exp(z[k] - max);
                s += p[k];
            }
            for (int k = 0; k < z.length; k++) {
                p[k] /= s;
            }
            return p;
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public double[] predict(float[] row) {
        checkRow(row);
        return head.apply(net.forward(standardizer.apply(row)));
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
            out.writeDouble(head.yMean());
            out.writeDouble(head.ySd());
            net.write(out);
        });
    }

    /** Loads a model saved by {@link #save}. */
    public static MlpModel load(Path file) {
        return ModelFiles.read(file, MlpParams.NAME, MlpModel::read);
    }

    private static MlpModel read(DataInputStream in, Provenance provenance) throws IOException {
        Schema s = Schema.read(in);
        Standardizer st = Standardizer.read(in, s.featureNames().size());
        double mean = in.readDouble();
        double sd = in.readDouble();
        DenseNet net = DenseNet.read(in);
        return new MlpModel(s, st, net, new Output(s.task(), mean, sd), provenance);
    }
}
