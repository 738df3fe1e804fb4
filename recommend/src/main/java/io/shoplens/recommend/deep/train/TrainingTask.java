package io.shoplens.recommend.deep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.shoplens.core.model.Recommender;
import java.util.SplittableRandom;

/**
 * What a deep model gives the {@link Fitter}: its examples, its tensors and its loss. Implementations are
 * stateless between calls except for data prepared at construction and the progress given by {@link #startEpoch},
 * so that a resumed run repeats exactly what an uninterrupted one does.
 */
public interface TrainingTask {
    /** Number of training examples in one epoch (users with a sequence, user-item pairs, ...), at least 1. */
    int numExamples();

    /**
     * The batches of one epoch: example indexes, every example exactly once, in
     * {@link Minibatches#count}{@code (numExamples(), batchSize)} batches. The default is a uniform shuffle
     * ({@link Minibatches#shuffled}); sequence models may group examples of similar length.
     */
    default int[][] batches(int batchSize, SplittableRandom rnd) {
        return Minibatches.shuffled(numExamples(), batchSize, rnd);
    }

    /**
     * Called before the batches of epoch {@code epoch} (0-based) with the optimiser steps taken before it, also as
     * the first call of a resumed run, so that a loss that changes with training progress (an annealed weight)
     * follows the same course whether or not training was interrupted. {@link #loss} is then called once per
     * batch, in order. The default ignores it.
     */
    default void startEpoch(int epoch, long stepsDone) {
    }

    /** Creates the network's tensors in {@code params} with their initial values drawn from {@code rnd}. */
    void initialise(Parameters params, SplittableRandom rnd);

    /**
     * The mean loss over the examples {@code batch} (indexes in {@code 0..numExamples()-1}) as a scalar computed
     * from {@code params} while gradients are recorded. Inputs are created in {@code manager}, which is closed
     * after the batch; random choices (negatives) come from {@code rnd}, dropout from the engine's generator,
     * which the fitter reseeds before every batch.
     */
    NDArray loss(Parameters params, NDManager manager, int[] batch, SplittableRandom rnd);

    /**
     * A model scoring with the snapshot {@code weights}, used to compute the validation metric. If it is
     * {@link AutoCloseable} the fitter closes it after use.
     */
    Recommender snapshot(Weights weights);
}
