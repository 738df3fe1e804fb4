package io.shoplens.predict.tabular;

/** What a tabular model predicts. */
public enum Task {
    /** A probability of the positive class; labels are 0 or 1; the model outputs one number in [0, 1]. */
    BINARY,
    /** One of K classes; labels are 0..K-1; the model outputs K probabilities that sum to 1. */
    MULTICLASS,
    /** A real number; labels are finite; the model outputs one number in the label's units. */
    REGRESSION;

    /** Number of outputs of a model for this task with {@code numClasses} classes. */
    public int outputs(int numClasses) {
        return this == MULTICLASS ? numClasses : 1;
    }
}
