package io.shoplens.core.model;

/**
 * Learns a model from data. A trainer holds validated hyperparameters and no state between calls; the model it
 * returns is immutable and independent of the trainer.
 *
 * @param <M> the model type
 */
public interface Trainer<M extends Recommender> {
    /** Trains a model on {@code data}. */
    M train(TrainingData data);
}
