package io.shoplens.recommend.deep.train;

import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DataShape;

/**
 * The memory of a deep model's training, from its parameter count and the floats of one batch's activations:
 * native (engine) memory for the weights, their gradients and Adam's two moments (16 bytes per parameter) and the
 * activations of a forward and backward pass (three times the forward floats); heap for the training examples,
 * the initial values of the largest tensor and the model's own heap copy of the weights.
 */
public final class DeepMemory {
    private DeepMemory() {
    }

    /**
     * An estimate for {@code model}.
     *
     * @param parameters    trainable floats of the network
     * @param largestTensor floats of the largest single tensor (initialised on the heap before it is copied)
     * @param activations   floats of one batch's forward pass
     * @param exampleInts   ints of the training examples held on the heap
     * @param heapWeights   floats of weights the trained model keeps on the heap for inference
     */
    public static MemoryEstimate.Builder of(String model, long parameters, long largestTensor, long activations,
                                            long exampleInts, long heapWeights) {
        return MemoryEstimate.of(model)
                .part("training examples", MemoryEstimate.ints(exampleInts))
                .part("initial weights", MemoryEstimate.ints(largestTensor))
                .part("model weights", MemoryEstimate.ints(heapWeights))
                .array("the largest tensor", largestTensor)
                .nativePart("weights, gradients and Adam moments", 16 * parameters)
                .nativePart("activations of a batch", 12 * activations);
    }

    /** Ints of sequence examples: each user's last {@code maxLen} events, inputs and targets. */
    public static long sequenceInts(DataShape shape, int maxLen) {
        return 2 * Math.min(shape.events(1), (long) shape.activeUsers() * maxLen) + 2L * shape.numUsers();
    }
}
