package io.shoplens.predict.tabular;

/**
 * Learns a {@link TabularModel} from a training table, using a validation table (same columns, never the test
 * part) for early stopping or model selection. A trainer holds validated hyperparameters and no state between
 * calls.
 */
public interface TabularTrainer {
    /** The algorithm name recorded in provenance and model files. */
    String algorithm();

    /** Trains on {@code train}, choosing iterations or epochs on {@code validation}. */
    TabularModel train(Table train, Table validation);
}
