package io.shoplens.predict.tabular;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs DJL PyTorch work with a seed and a number of intra-op threads. PyTorch's thread count and random generator
 * are process-wide, so this is synchronised: two trainings at once would otherwise disturb each other's seeds.
 */
public final class Djl {
    private static final Object LOCK = new Object();

    private Djl() {
    }

    /** The PyTorch engine (loaded from the bundled native library; nothing is downloaded). */
    public static Engine engine() {
        return Engine.getEngine("PyTorch");
    }

    /** Runs {@code work} with PyTorch seeded by {@code seed} and using {@code threads} intra-op threads. */
    public static <T> T seeded(long seed, int threads, Supplier<T> work) {
        synchronized (LOCK) {
            Engine engine = engine();
            int previous = JniUtils.getNumThreads();
            JniUtils.setNumThreads(threads);
            try {
                engine.setRandomSeed((int) (seed ^ (seed >>> 32)));
                return work.get();
            } finally {
                JniUtils.setNumThreads(previous);
            }
        }
    }
}
