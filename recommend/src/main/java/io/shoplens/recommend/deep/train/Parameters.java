package io.shoplens.recommend.deep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable tensors of a network, by name, living in one {@link NDManager} on the training device. Values are
 * initialised on the Java side from a {@link SplittableRandom}, so initial weights depend only on the seed and not
 * on the engine or the device. Not thread-safe: one training loop owns it. Closing it frees the native memory.
 */
public final class Parameters implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    /** Parameters in a new child of {@code parent}. */
    public Parameters(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** The manager holding the tensors (and suitable for creating batch inputs on the same device). */
    public NDManager manager() {
        return manager;
    }

    /** Initial values of a tensor. */
    public enum Init {
        /** All zeros (biases). */
        ZEROS,
        /** All ones (layer-norm gains). */
        ONES,
        /**
         * Uniform in ±sqrt(6 / (fanIn + fanOut)) with fan-in and fan-out the last two dimensions (Glorot &amp;
         * Bengio 2010).
         */
        XAVIER_UNIFORM,
        /** Normal with standard deviation 0.01. */
        NORMAL_001,
        /** Standard normal, as PyTorch's nn.Embedding. */
        NORMAL_1
    }

    /** Adds tensor {@code name} of {@code shape}, initialised with {@code init}, and marks it trainable. */
    public NDArray add(String name, Shape shape, Init init, SplittableRandom rnd) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " already exists");
        }
        int n = Math.toIntExact(shape.size());
        float[] v = new float[n];
        switch (init) {
            case ZEROS -> {
            }
            case ONES -> java.util.Arrays.fill(v, 1f);
            case XAVIER_UNIFORM -> {
                long fanOut = shape.dimension() >= 2 ? shape.get(shape.dimension() - 2) : shape.get(0);
                long fanIn = shape.get(shape.dimension() - 1);
                double bound = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < n; i++) {
                    v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
                }
            }
            case NORMAL_001 -> fillNormal(v, 0.01, rnd);
            case NORMAL_1 -> fillNormal(v, 1.0, rnd);
            default -> throw new IllegalStateException("unknown init " + init);
        }
        return add(name, new Weights.Tensor(shape.getShape(), v));
    }

    /** Adds tensor {@code name} with the given values and marks it trainable. */
    public NDArray add(String name, Weights.Tensor values) {
        NDArray a = manager.create(FloatBuffer.wrap(values.values()), new Shape(values.shape()), DataType.FLOAT32);
        a.setRequiresGradient(true);
        a.setName(name);
        arrays.put(name, a);
        return a;
    }

    private static void fillNormal(float[] v, double sd, SplittableRandom rnd) {
        for (int i = 0; i < v.length; i += 2) {
            double u1 = 1.0 - rnd.nextDouble();
            double u2 = rnd.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1)) * sd;
            v[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < v.length) {
                v[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
    }

    /** The tensor {@code name}. */
    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; known: " + arrays.keySet());
        }
        return a;
    }

    /** The tensors by name, in order. */
    public Map<String, NDArray> arrays() {
        return Collections.unmodifiableMap(arrays);
    }

    /** Names in order. */
    public List<String> names() {
        return List.copyOf(arrays.keySet());
    }

    /** Copies the current values to the Java heap. */
    public Weights toWeights() {
        return copy(arrays);
    }

    /** Copies {@code arrays} (float32) to the Java heap. */
    static Weights copy(Map<String, NDArray> arrays) {
        Map<String, Weights.Tensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray a = e.getValue();
            m.put(e.getKey(), new Weights.Tensor(a.getShape().getShape(), a.toFloatArray()));
        }
        return new Weights(m);
    }

    /** Overwrites every tensor with the values in {@code w} (same names and shapes). */
    public void load(Weights w) {
        set(arrays, w, "parameters");
    }

    /** Overwrites {@code arrays} in place with the values in {@code w}. */
    static void set(Map<String, NDArray> arrays, Weights w, String what) {
        if (!arrays.keySet().equals(w.tensors().keySet())) {
            throw new IllegalArgumentException(what + " " + arrays.keySet() + " do not match the saved "
                    + w.tensors().keySet());
        }
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            Weights.Tensor t = w.get(e.getKey());
            if (!e.getValue().getShape().equals(new Shape(t.shape()))) {
                throw new IllegalArgumentException(what + " " + e.getKey() + " has shape " + e.getValue().getShape()
                        + ", the saved one " + new Shape(t.shape()));
            }
            e.getValue().set(FloatBuffer.wrap(t.values()));
        }
    }

    /** Number of trainable floats. */
    public long size() {
        long n = 0;
        for (NDArray a : arrays.values()) {
            n += a.size();
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
