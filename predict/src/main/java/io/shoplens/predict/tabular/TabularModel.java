package io.shoplens.predict.tabular;

import io.shoplens.core.model.Provenance;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model over a feature table: immutable and safe to call from many threads at once.
 *
 * <p>{@link #predict(float[])} returns the model's outputs for one row: for {@link Task#BINARY} one probability
 * in [0, 1]; for {@link Task#MULTICLASS} one probability per class summing to 1; for {@link Task#REGRESSION} one
 * value in the label's units.
 */
public interface TabularModel {
    /** The task, classes and feature columns of the model. */
    Schema schema();

    /** The task the model was trained for. */
    default Task task() {
        return schema().task();
    }

    /** Number of classes (2 for binary, 1 for regression). */
    default int numClasses() {
        return schema().numClasses();
    }

    /** The feature columns the model expects, in order. */
    default List<String> featureNames() {
        return schema().featureNames();
    }

    /** The outputs for one row of {@code featureNames().size()} values. */
    double[] predict(float[] row);

    /** The outputs for every row of {@code table}; fails when its columns differ from the model's. */
    default double[][] predict(Table table) {
        table.requireSameColumns(featureNames());
        double[][] out = new double[table.rows()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = predict(table.x()[i]);
        }
        return out;
    }

    /** The first output of every row: the positive-class probability (binary) or the value (regression). */
    default double[] predictFirst(Table table) {
        double[][] all = predict(table);
        double[] out = new double[all.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = all[i][0];
        }
        return out;
    }

    /** How the model was made. */
    Provenance provenance();

    /** Saves the model with its provenance atomically; load it with {@link TabularModels#load}. */
    void save(Path file);

    /** Fails when a row has the wrong width. */
    default void checkRow(float[] row) {
        if (row.length != featureNames().size()) {
            throw new IllegalArgumentException("row has " + row.length + " values but the model expects "
                    + featureNames().size() + " features " + featureNames());
        }
    }
}
