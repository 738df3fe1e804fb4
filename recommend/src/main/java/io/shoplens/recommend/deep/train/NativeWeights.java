package io.shoplens.recommend.deep.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.ref.Cleaner;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained model's weights twice: on the Java heap (for saving and for Java-side scoring) and as engine tensors on
 * the CPU without gradients (for batched forward passes). The tensors are read-only, so any number of threads may
 * use them at once; each caller creates its own inputs and intermediates (in an {@code NDScope}) and closes them.
 * The native memory is freed by {@link #close()} or, failing that, when this object becomes unreachable.
 */
public final class NativeWeights implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Weights weights;
    private final NDManager manager;
    private final Map<String, NDArray> arrays;
    private final Cleaner.Cleanable cleanable;

    /** Copies {@code weights} into new CPU tensors. */
    public NativeWeights(Weights weights) {
        this.weights = weights;
        NDManager m = Engine.getEngine(Fitter.ENGINE).newBaseManager(Device.cpu());
        Map<String, NDArray> a = new LinkedHashMap<>();
        for (Map.Entry<String, Weights.Tensor> e : weights.tensors().entrySet()) {
            a.put(e.getKey(), m.create(FloatBuffer.wrap(e.getValue().values()), new Shape(e.getValue().shape()),
                    DataType.FLOAT32));
        }
        this.manager = m;
        this.arrays = Collections.unmodifiableMap(a);
        this.cleanable = CLEANER.register(this, m::close);
    }

    /** The heap copy. */
    public Weights weights() {
        return weights;
    }

    /** The tensors by name. */
    public Map<String, NDArray> arrays() {
        return arrays;
    }

    /** The tensor {@code name}. */
    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no weight '" + name + "'; known: " + arrays.keySet());
        }
        return a;
    }

    /** The manager of the tensors: create per-call inputs in a sub-manager of it. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
