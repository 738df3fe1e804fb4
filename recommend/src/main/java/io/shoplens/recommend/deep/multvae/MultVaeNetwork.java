package io.shoplens.recommend.deep.multvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.shoplens.recommend.deep.train.Parameters;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Mult-VAE network on the engine (Liang et al. 2018, section 2): the bag of a user's items x, normalised to
 * unit L2 norm, goes through {@code h = tanh(x·E + e)} and the Gaussian posterior {@code μ = W_μ h + b_μ},
 * {@code log σ² = W_σ h + b_σ}; the decoder maps a code z to {@code logits = W_o tanh(W_d z + b_d) + b_o} over all
 * items. In training z = μ + ε·σ with ε ~ N(0, I) (the reparameterisation trick); in scoring z = μ.
 *
 * <p>Tensors: {@code enc.weight} I×h (item-major, so the sparse input multiplies it directly) and
 * {@code enc.bias} h; {@code mu.weight} and {@code logvar.weight} q×h with biases q; {@code dec.weight} h×q and
 * {@code dec.bias} h; {@code out.weight} I×h and {@code out.bias} I. Stateless and thread-safe.
 */
final class MultVaeNetwork {
    private final int hidden;
    private final int latent;

    MultVaeNetwork(MultVaeParams p) {
        this.hidden = p.hidden();
        this.latent = p.latent();
    }

    int latent() {
        return latent;
    }

    /** Creates the tensors for {@code numItems} items: Glorot-uniform weights, zero biases. */
    void initialise(Parameters p, int numItems, SplittableRandom rnd) {
        p.add("enc.weight", new Shape(numItems, hidden), Parameters.Init.XAVIER_UNIFORM, rnd);
        p.add("enc.bias", new Shape(hidden), Parameters.Init.ZEROS, rnd);
        p.add("mu.weight", new Shape(latent, hidden), Parameters.Init.XAVIER_UNIFORM, rnd);
        p.add("mu.bias", new Shape(latent), Parameters.Init.ZEROS, rnd);
        p.add("logvar.weight", new Shape(latent, hidden), Parameters.Init.XAVIER_UNIFORM, rnd);
        p.add("logvar.bias", new Shape(latent), Parameters.Init.ZEROS, rnd);
        p.add("dec.weight", new Shape(hidden, latent), Parameters.Init.XAVIER_UNIFORM, rnd);
        p.add("dec.bias", new Shape(hidden), Parameters.Init.ZEROS, rnd);
        p.add("out.weight", new Shape(numItems, hidden), Parameters.Init.XAVIER_UNIFORM, rnd);
        p.add("out.bias", new Shape(numItems), Parameters.Init.ZEROS, rnd);
    }

    /**
     * The sparse input of {@code bags.length} users over {@code numItems} items: row r holds
     * {@code 1/(√|bag r| · (1 − dropout))} at each item of bag r that survives dropout (each is kept with probability
     * 1 − dropout, drawn from {@code rnd}); with {@code dropout} 0 every item is kept and {@code rnd} may be null.
     *
     * <p>The sparse tensor shares the memory of its index and value tensors, so both are engine-owned copies that
     * live in {@code m} as long as it does. (DJL's {@code NDManager.createCoo} frees the Java buffers they were made
     * from while the sparse tensor still points into them, which corrupts the indices once the buffers are reused.)
     */
    static NDArray input(NDManager m, int[][] bags, int numItems, double dropout, SplittableRandom rnd) {
        int nnz = 0;
        for (int[] b : bags) {
            nnz += b.length;
        }
        long[] rows = new long[nnz];
        long[] cols = new long[nnz];
        float[] values = new float[nnz];
        int k = 0;
        for (int r = 0; r < bags.length; r++) {
            int[] b = bags[r];
            float v = (float) (1 / (Math.sqrt(b.length) * (1 - dropout)));
            for (int item : b) {
                if (dropout > 0 && rnd.nextDouble() < dropout) {
                    continue;
                }
                rows[k] = r;
                cols[k] = item;
                values[k] = v;
                k++;
            }
        }
        long[][] index = {java.util.Arrays.copyOf(rows, k), java.util.Arrays.copyOf(cols, k)};
        NDArray indices = m.create(index).duplicate();
        NDArray data = m.create(FloatBuffer.wrap(values, 0, k), new Shape(k)).duplicate();
        return JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) data, new Shape(bags.length, numItems));
    }

    /** The outputs of a forward pass: logits B×I and the posterior's μ and log σ², B×q each. */
    record Output(NDArray logits, NDArray mu, NDArray logvar) {
    }

    /** Forward pass of the (sparse) input {@code x}; {@code eps} (B×q) samples z, or null to decode μ. */
    Output forward(Map<String, NDArray> w, NDArray x, NDArray eps) {
        NDArray h = x.matMul(w.get("enc.weight")).add(w.get("enc.bias")).tanh();
        NDArray mu = linear(w, "mu", h);
        NDArray logvar = linear(w, "logvar", h);
        NDArray z = eps == null ? mu : mu.add(eps.mul(logvar.mul(0.5f).exp()));
        NDArray d = linear(w, "dec", z).tanh();
        return new Output(linear(w, "out", d), mu, logvar);
    }

    private static NDArray linear(Map<String, NDArray> w, String name, NDArray x) {
        return Linear.linear(x, w.get(name + ".weight"), w.get(name + ".bias")).singletonOrThrow();
    }
}
