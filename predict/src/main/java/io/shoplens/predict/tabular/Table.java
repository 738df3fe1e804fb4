package io.shoplens.predict.tabular;

import java.util.ArrayList;
import java.util.List;

/**
 * A dense feature table with labels: rows are examples, columns are named features. Features may be NaN only
 * where a learner accepts missing values (XGBoost does; logistic regression and the MLP reject them). Immutable
 * by convention: the arrays are not copied, and nothing in Shoplens writes to them after construction.
 *
 * @param featureNames one name per column, unique
 * @param x            rows × columns; every row has {@code featureNames.size()} values
 * @param y            one label per row: 0/1 for {@link Task#BINARY}, a class 0..numClasses-1 for
 *                     {@link Task#MULTICLASS}, a finite number for {@link Task#REGRESSION}
 * @param task         the prediction task
 * @param numClasses   2 for binary, at least 2 for multiclass, 1 for regression
 * @param fingerprint  identifies the data for provenance (source hash plus how the table was built)
 */
public record Table(List<String> featureNames, float[][] x, float[] y, Task task, int numClasses,
                    String fingerprint) {
    public Table {
        featureNames = List.copyOf(featureNames);
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one feature column");
        }
        if (featureNames.stream().distinct().count() != featureNames.size()) {
            throw new IllegalArgumentException("feature names must be unique, got " + featureNames);
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("table has " + x.length + " rows but " + y.length + " labels");
        }
        int d = featureNames.size();
        int expectedClasses = switch (task) {
            case BINARY -> 2;
            case REGRESSION -> 1;
            case MULTICLASS -> Math.max(2, numClasses);
        };
        if (numClasses != expectedClasses) {
            throw new IllegalArgumentException("a " + task + " table needs numClasses " + expectedClasses
                    + ", got " + numClasses);
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values but the table has "
                        + d + " columns " + featureNames);
            }
            float v = y[i];
            boolean ok = switch (task) {
                case BINARY -> v == 0f || v == 1f;
                case MULTICLASS -> v >= 0 && v < numClasses && v == Math.rint(v);
                case REGRESSION -> Float.isFinite(v);
            };
            if (!ok) {
                throw new IllegalArgumentException("label " + v + " in row " + i + " is not valid for a " + task
                        + " table" + (task == Task.MULTICLASS ? " with " + numClasses + " classes" : ""));
            }
        }
    }

    /** Number of rows. */
    public int rows() {
        return x.length;
    }

    /** Number of feature columns. */
    public int columns() {
        return featureNames.size();
    }

    /** The column index of {@code name}; fails naming the missing column and the columns there are. */
    public int column(String name) {
        int j = featureNames.indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("feature column '" + name + "' is missing; columns: " + featureNames);
        }
        return j;
    }

    /** Fails with the first NaN or infinite feature value, naming its row and column, for learners without missing-value support. */
    public void requireFinite(String learner) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                if (!Float.isFinite(x[i][j])) {
                    throw new IllegalArgumentException(learner + " cannot use feature '" + featureNames.get(j)
                            + "' = " + x[i][j] + " in row " + i + "; impute or drop missing values first");
                }
            }
        }
    }

    /** Fails when the table has no rows. */
    public Table requireRows(String what) {
        if (x.length == 0) {
            throw new IllegalArgumentException(what + " has no rows");
        }
        return this;
    }

    /** The rows at {@code index}, in that order. */
    public Table subset(int[] index, String suffix) {
        float[][] sx = new float[index.length][];
        float[] sy = new float[index.length];
        for (int k = 0; k < index.length; k++) {
            sx[k] = x[index[k]];
            sy[k] = y[index[k]];
        }
        return new Table(featureNames, sx, sy, task, numClasses, fingerprint + suffix);
    }

    /** Checks that {@code other} has the same columns in the same order (a model trained on this can score it). */
    public void requireSameColumns(List<String> other) {
        if (!featureNames.equals(other)) {
            List<String> missing = new ArrayList<>(other);
            missing.removeAll(featureNames);
            throw new IllegalArgumentException("the model expects columns " + other + " but the table has "
                    + featureNames + (missing.isEmpty() ? "" : "; missing: " + missing));
        }
    }

    /** Share of rows with label 1 (binary tables). */
    public double positiveRate() {
        double s = 0;
        for (float v : y) {
            s += v;
        }
        return y.length == 0 ? Double.NaN : s / y.length;
    }
}
