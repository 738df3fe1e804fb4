package io.shoplens.recommend.deep.train;

/**
 * Hears about training progress, on the training thread: a progress bar, a log, a test that interrupts training.
 * An exception thrown here stops training (the checkpoint of a finished epoch is written before
 * {@link #onEpoch} is called).
 */
public interface TrainingListener {
    /** Nothing. */
    TrainingListener NONE = new TrainingListener() {
    };

    /** After batch {@code batch} (1-based) of {@code batches} in epoch {@code epoch} (1-based). */
    default void onBatch(int epoch, int batch, int batches) {
    }

    /** After an epoch, its validation and its checkpoint. */
    default void onEpoch(EpochReport report) {
    }
}
