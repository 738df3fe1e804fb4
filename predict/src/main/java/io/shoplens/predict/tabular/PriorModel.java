package io.shoplens.predict.tabular;

import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;

/** The same outputs for every row (see {@link PriorTrainer}). Immutable and thread-safe. */
public final class PriorModel implements TabularModel {
    private final Schema schema;
    private final double[] outputs;
    private final Provenance provenance;

    PriorModel(Schema schema, double[] outputs, Provenance provenance) {
        this.schema = schema;
        this.outputs = outputs.clone();
        this.provenance = provenance;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public double[] predict(float[] row) {
        checkRow(row);
        return outputs.clone();
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            schema.write(out);
            out.writeInt(outputs.length);
            for (double v : outputs) {
                out.writeDouble(v);
            }
        });
    }

    /** Loads a model saved by {@link #save}. */
    public static PriorModel load(Path file) {
        return ModelFiles.read(file, PriorTrainer.NAME, PriorModel::read);
    }

    private static PriorModel read(DataInputStream in, Provenance provenance) throws IOException {
        Schema s = Schema.read(in);
        int n = in.readInt();
        if (n != s.task().outputs(s.numClasses())) {
            throw new IOException("corrupt prior model: " + n + " outputs");
        }
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = in.readDouble();
        }
        return new PriorModel(s, v, provenance);
    }
}
