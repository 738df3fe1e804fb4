package io.shoplens.core.model;

import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.memory.MemoryGuard;

/**
 * Learns a model from data. A trainer holds validated hyperparameters and no state between calls; the model it
 * returns is immutable and independent of the trainer.
 *
 * <p>Before training, a trainer can say how much heap it will need ({@link #estimate}) from the data's shape and
 * its parameters; {@link #trainWithinHeap} refuses, in one sentence naming the settings that would fit, a training
 * that cannot fit, instead of failing with an out-of-memory error after minutes.
 *
 * @param <M> the model type
 */
public interface Trainer<M extends Recommender> {
    /** Trains a model on {@code data}. */
    M train(TrainingData data);

    /**
     * The heap the training of {@code data} needs beyond the data itself (the stores of {@code data} are not
     * counted; what the training copies or derives from them is), including the model it returns. Cheap: at most a
     * pass over the events, no large allocation.
     */
    MemoryEstimate estimate(TrainingData data);

    /**
     * Checks {@link #estimate} against the free heap ({@link MemoryGuard#require}), then trains: what every caller
     * that trains on user data should use.
     *
     * @throws io.shoplens.core.memory.InsufficientMemoryException when the estimate does not fit
     */
    default M trainWithinHeap(TrainingData data) {
        MemoryGuard.require(estimate(data));
        return train(data);
    }
}
