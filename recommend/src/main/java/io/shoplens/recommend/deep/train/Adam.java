package io.shoplens.recommend.deep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) with β₁ = 0.9, a given β₂
 * (0.999 by default), ε = 1e-8 and optional L2 weight decay added to the gradient. Each step is one fused native
 * update per tensor (the engine's Adam kernel), which also zeroes the tensor's gradient for the next batch. The bias correction is
 * folded into the step size: {@code w -= lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε)}.
 *
 * <p>The moment estimates live beside the parameters on the training device; {@link #state()} and
 * {@link #restore} move them to and from the Java heap for checkpoints. Not thread-safe.
 */
public final class Adam {
    /** Exponential decay of the first moment. */
    public static final float BETA1 = 0.9f;
    /** Adam's default exponential decay of the second moment. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** Added to the root of the second moment. */
    public static final float EPSILON = 1e-8f;

    private final Parameters params;
    private final float weightDecay;
    private final float beta2;
    private final float clipGradient;
    private final Map<String, NDArray> mean = new LinkedHashMap<>();
    private final Map<String, NDArray> variance = new LinkedHashMap<>();
    private long step;

    /**
     * Zero moments for every tensor of {@code params}; {@code weightDecay} in [0, 1]; {@code beta2} in (0, 1);
     * {@code clipGradient} &gt; 0 clips every gradient element to [−clipGradient, clipGradient] inside the fused
     * update, 0 leaves them.
     */
    public Adam(Parameters params, double weightDecay, double beta2, double clipGradient) {
        if (!(clipGradient >= 0)) {
            throw new IllegalArgumentException("clipGradient must be >= 0, got " + clipGradient);
        }
        if (!(beta2 > 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam's beta2 must be in (0, 1), got " + beta2);
        }
        this.params = params;
        this.weightDecay = (float) weightDecay;
        this.beta2 = (float) beta2;
        this.clipGradient = clipGradient > 0 ? (float) clipGradient : -1f;
        for (Map.Entry<String, NDArray> e : params.arrays().entrySet()) {
            NDArray w = e.getValue();
            mean.put(e.getKey(), params.manager().zeros(w.getShape(), w.getDataType()));
            variance.put(e.getKey(), params.manager().zeros(w.getShape(), w.getDataType()));
        }
    }

    /** Steps taken so far. */
    public long steps() {
        return step;
    }

    /**
     * Applies one update with step size {@code learningRate} to every tensor from its accumulated gradient and
     * zeroes the gradients. Tensors that took no part in the loss have a zero gradient and only decay their
     * moments, as in PyTorch. When any gradient holds an infinity or NaN, nothing is updated and
     * {@link NonFiniteGradientException} names every such tensor.
     */
    public void step(double learningRate) {
        List<String> nonFinite = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : params.arrays().entrySet()) {
            try (NDArray grad = e.getValue().getGradient(); NDArray bad = grad.isInfinite().logicalOr(grad.isNaN())
                    .any()) {
                if (bad.getBoolean()) {
                    nonFinite.add(e.getKey());
                }
            }
        }
        if (!nonFinite.isEmpty()) {
            throw new NonFiniteGradientException(nonFinite, params.arrays().size());
        }
        step++;
        double correction = Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(BETA1, step));
        float lr = (float) learningRate;
        float lrCorrected = (float) (learningRate * correction);
        for (Map.Entry<String, NDArray> e : params.arrays().entrySet()) {
            NDArray w = e.getValue();
            try (NDArray grad = w.getGradient()) {
                w.getNDArrayInternal().adamUpdate(new NDList(w, grad, mean.get(e.getKey()), variance.get(e.getKey())),
                        new NDList(w), lr, lrCorrected, weightDecay, 1f, clipGradient, BETA1, beta2, EPSILON, false,
                        false);
            }
        }
    }

    /**
     * Zeroes every tensor's gradient without an update: what a caller does after a step was refused with
     * {@link NonFiniteGradientException}, so that the next batch does not add to the non-finite gradients.
     */
    public void discardGradients() {
        for (NDArray w : params.arrays().values()) {
            JniUtils.zeroGrad((PtNDArray) w);
        }
    }

    /** The optimiser state on the heap: first and second moments and the step count. */
    public State state() {
        return new State(Parameters.copy(mean), Parameters.copy(variance), step);
    }

    /** Restores a state taken with {@link #state()} from an optimiser over the same parameters. */
    public void restore(State s) {
        Parameters.set(mean, s.mean(), "Adam first moments");
        Parameters.set(variance, s.variance(), "Adam second moments");
        step = s.step();
    }

    /** Gradients held an infinity or NaN; no weight or moment was changed by the step. */
    public static final class NonFiniteGradientException extends IllegalStateException {
        private final List<String> tensors;

        NonFiniteGradientException(List<String> tensors, int of) {
            super("the gradient" + (tensors.size() == 1 ? " of tensor " : "s of " + tensors.size() + " of " + of
                    + " tensors ") + "'" + String.join("', '", tensors) + "'" + (tensors.size() == 1 ? " holds"
                    : " hold") + " an infinity or NaN");
            this.tensors = List.copyOf(tensors);
        }

        /** The name of the first tensor (in parameter order) with a non-finite gradient. */
        public String tensor() {
            return tensors.get(0);
        }

        /** The names of all tensors with a non-finite gradient, in parameter order. */
        public List<String> tensors() {
            return tensors;
        }
    }

    /**
     * Adam's state.
     *
     * @param mean     first-moment estimates by parameter name
     * @param variance second-moment estimates by parameter name
     * @param step     updates taken
     */
    public record State(Weights mean, Weights variance, long step) {
    }
}
