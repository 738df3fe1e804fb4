package io.shoplens.recommend.deep.train;

/**
 * One epoch of training.
 *
 * @param epoch         the epoch, 1-based
 * @param epochs        the planned number of epochs
 * @param loss          mean training loss per example over the epoch's batches that ran (the model's own loss
 *                      units)
 * @param learningRate  the learning rate of the epoch's last step
 * @param metric        the validation metric's name, e.g. {@code NDCG@10}
 * @param validation    the validation metric after the epoch, in [0, 1], or NaN when not validated
 * @param best          the best validation metric so far, or NaN
 * @param bestEpoch     the epoch of {@code best}, or 0
 * @param trainSeconds  wall time of the epoch's batches
 * @param validSeconds  wall time of the validation (0 when none)
 * @param examples      examples in the epoch's batches that ran (all of them unless the time budget ended it)
 * @param fraction      the part of the epoch's batches that ran, in (0, 1]; below 1 only when the time
 *                      budget ended the epoch
 * @param stoppedByBudget true when {@link TrainingParams#timeBudget()} ran out in this epoch and training stopped
 *                      after it
 */
public record EpochReport(int epoch, int epochs, double loss, double learningRate, String metric,
                          double validation, double best, int bestEpoch, double trainSeconds, double validSeconds,
                          int examples, double fraction, boolean stoppedByBudget) {
    /** Training examples per second. */
    public double examplesPerSecond() {
        return examples / Math.max(trainSeconds, 1e-9);
    }
}
