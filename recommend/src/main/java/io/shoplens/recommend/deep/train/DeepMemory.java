package io.shoplens.recommend.deep.train;

import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DataShape;
import java.util.function.LongFunction;

/**
 * The memory of a deep model's training, from its parameter count and the floats of one batch's activations:
 * native (engine) memory for the weights, their gradients and Adam's two moments (16 bytes per parameter), the
 * temporaries of one optimiser step on the largest tensor and the activations of a forward and backward pass (three
 * times the forward floats); heap for the training examples,
 * the initial values of the largest tensor and the model's own heap copy of the weights.
 *
 * <p>The models whose tensors grow with the item count (Mult-VAE, NeuMF) estimate over {@link #items} items and
 * offer {@code maxItems} and {@code batchSize} as {@link MemoryEstimate.Knob}s ({@link #knob}), so that a refusal
 * names the item cap or the batch size that would fit.
 */
public final class DeepMemory {
    /**
     * Native bytes per float of the largest tensor that one optimiser step holds besides the weights, gradients and
     * moments: the finiteness checks of its gradient (two byte masks) and the full-size float temporaries of the
     * engine's Adam update (three). Measured on the 100M log: GRU4Rec's 687M parameters (a 416M-float item
     * embedding) took 24.4 GB of resident memory against 11.2 GB of native estimate before this part was counted.
     */
    static final long OPTIMISER_BYTES_PER_FLOAT = 14;

    /** The smallest {@code maxItems} a refusal suggests. */
    public static final long MIN_ITEMS = 1000;

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
                .nativePart("optimiser temporaries of the largest tensor", OPTIMISER_BYTES_PER_FLOAT * largestTensor)
                .nativePart("activations of a batch", 12 * activations);
    }

    /** The item dimension of a model with {@code maxItems} (0 = every item) over {@code numItems} items. */
    public static long items(int maxItems, long numItems) {
        return maxItems == 0 ? numItems : Math.min(maxItems, numItems);
    }

    /**
     * Adds to {@code estimate} the knob {@code param} between {@code current} and {@code limit}, whose heap and
     * native bytes at a value are those of the estimate {@code at} builds for that value (the other parameters
     * unchanged).
     */
    private static MemoryEstimate.Builder knob(MemoryEstimate.Builder estimate, String param, long current,
                                               long limit, LongFunction<MemoryEstimate.Builder> at) {
        return estimate.knob(param, current, limit, v -> at.apply(v).build().bytes(),
                v -> at.apply(v).build().nativeBytes());
    }

    /** A model's estimate parts over {@code items} items trained in batches of {@code batch} examples. */
    @FunctionalInterface
    public interface Sized {
        /** The parts at these sizes. */
        MemoryEstimate.Builder at(long items, long batch);
    }

    /**
     * The estimate of a model with an item cap: its parts at {@code items} items and batches of {@code batch},
     * with {@code maxItems} (down to {@link #MIN_ITEMS}) and {@code batchSize} as knobs, so that a refusal names
     * the cap or the batch that would fit.
     */
    public static MemoryEstimate capped(long items, long batch, Sized at) {
        MemoryEstimate.Builder b = at.at(items, batch);
        knob(b, "maxItems", items, Math.min(items, MIN_ITEMS), m -> at.at(m, batch));
        knob(b, "batchSize", batch, 1, n -> at.at(items, n));
        return b.build();
    }

    /** Ints of sequence examples: each user's last {@code maxLen} events, inputs and targets. */
    public static long sequenceInts(DataShape shape, int maxLen) {
        return 2 * Math.min(shape.events(1), (long) shape.activeUsers() * maxLen) + 2L * shape.numUsers();
    }
}
