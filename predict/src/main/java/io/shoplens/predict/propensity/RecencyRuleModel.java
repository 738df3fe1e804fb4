package io.shoplens.predict.propensity;

import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.predict.tabular.Schema;
import io.shoplens.predict.tabular.TabularModel;
import io.shoplens.predict.tabular.Task;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The recency rule with its calibration bins (see {@link RecencyRuleTrainer}). Immutable and thread-safe. */
public final class RecencyRuleModel implements TabularModel {
    private final List<String> names;
    private final Schema schema;
    private final int bought;
    private final int hours;
    private final double[] edges;
    private final double[] rate;
    private final Provenance provenance;

    RecencyRuleModel(List<String> names, double[] edges, double[] rate, Provenance provenance) {
        this.names = List.copyOf(names);
        this.schema = new Schema(Task.BINARY, 2, this.names);
        this.bought = column(this.names, "ever_bought");
        this.hours = column(this.names, "hours_since_last_event");
        this.edges = edges.clone();
        this.rate = rate.clone();
        this.provenance = provenance;
    }

    private static int column(List<String> names, String name) {
        int j = names.indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("the recency rule needs column '" + name + "'; columns: " + names);
        }
        return j;
    }

    static double score(float[] row, int bought, int hours) {
        float h = row[hours];
        if (!(h >= 0)) {
            throw new IllegalArgumentException("hours_since_last_event must be >= 0, got " + h);
        }
        return row[bought] + 1.0 / (1.0 + h);
    }

    static int bin(double[] edges, double s) {
        int b = 0;
        while (b < edges.length && s >= edges[b]) {
            b++;
        }
        return b;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public double[] predict(float[] row) {
        checkRow(row);
        return new double[] {rate[bin(edges, score(row, bought, hours))]};
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            out.writeInt(names.size());
            for (String n : names) {
                out.writeUTF(n);
            }
            out.writeInt(edges.length);
            for (double e : edges) {
                out.writeDouble(e);
            }
            for (double r : rate) {
                out.writeDouble(r);
            }
        });
    }

    /** Loads a model saved by {@link #save}. */
    public static RecencyRuleModel load(Path file) {
        return ModelFiles.read(file, RecencyRuleTrainer.NAME, RecencyRuleModel::read);
    }

    private static RecencyRuleModel read(DataInputStream in, Provenance provenance) throws IOException {
        int d = in.readInt();
        if (d < 1 || d > 100_000) {
            throw new IOException("corrupt recency rule: " + d + " columns");
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add(in.readUTF());
        }
        int e = in.readInt();
        if (e != RecencyRuleTrainer.BINS - 1) {
            throw new IOException("corrupt recency rule: " + e + " bin edges");
        }
        double[] edges = new double[e];
        for (int b = 0; b < e; b++) {
            edges[b] = in.readDouble();
        }
        double[] rate = new double[e + 1];
        for (int b = 0; b <= e; b++) {
            rate[b] = in.readDouble();
        }
        return new RecencyRuleModel(names, edges, rate, provenance);
    }
}
