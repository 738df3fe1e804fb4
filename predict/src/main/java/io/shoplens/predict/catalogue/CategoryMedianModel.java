package io.shoplens.predict.catalogue;

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

/** Median label per category (see {@link CategoryMedianTrainer}). Immutable and thread-safe. */
public final class CategoryMedianModel implements TabularModel {
    private final List<String> names;
    private final Schema schema;
    private final int[] catColumns;
    private final double[] median;
    private final double overall;
    private final Provenance provenance;

    CategoryMedianModel(List<String> names, double[] median, double overall, Provenance provenance) {
        this.names = List.copyOf(names);
        this.schema = new Schema(Task.REGRESSION, 1, this.names);
        this.catColumns = categoryColumns(this.names);
        if (median.length != catColumns.length) {
            throw new IllegalArgumentException(median.length + " medians for " + catColumns.length + " categories");
        }
        this.median = median.clone();
        this.overall = overall;
        this.provenance = provenance;
    }

    /** Indexes of the {@code cat=} columns; fails when there are none. */
    static int[] categoryColumns(List<String> names) {
        List<Integer> cols = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            if (names.get(j).startsWith("cat=")) {
                cols.add(j);
            }
        }
        if (cols.isEmpty()) {
            throw new IllegalArgumentException("the category median needs one-hot 'cat=' columns; columns: "
                    + (names.size() > 20 ? names.subList(0, 20) + "..." : names));
        }
        return cols.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The category of a row (its first non-zero {@code cat=} column), or -1. */
    static int hot(float[] row, int[] catColumns) {
        for (int k = 0; k < catColumns.length; k++) {
            if (row[catColumns[k]] > 0.5f) {
                return k;
            }
        }
        return -1;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public double[] predict(float[] row) {
        checkRow(row);
        int k = hot(row, catColumns);
        return new double[] {k < 0 ? overall : median[k]};
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
            for (double m : median) {
                out.writeDouble(m);
            }
            out.writeDouble(overall);
        });
    }

    /** Loads a model saved by {@link #save}. */
    public static CategoryMedianModel load(Path file) {
        return ModelFiles.read(file, CategoryMedianTrainer.NAME, CategoryMedianModel::read);
    }

    private static CategoryMedianModel read(DataInputStream in, Provenance provenance) throws IOException {
        int d = in.readInt();
        if (d < 1 || d > 10_000_000) {
            throw new IOException("corrupt category-median model: " + d + " columns");
        }
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add(in.readUTF());
        }
        int k = categoryColumns(names).length;
        double[] m = new double[k];
        for (int i = 0; i < k; i++) {
            m[i] = in.readDouble();
        }
        return new CategoryMedianModel(names, m, in.readDouble(), provenance);
    }
}
