package io.shoplens.recommend.deep.neumf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import io.shoplens.recommend.deep.train.Parameters;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The NeuMF network on the engine (He et al. 2017, section 3.4): the GMF tower {@code p_u ⊙ q_i} on its own user
 * and item embeddings, the MLP tower {@code ReLU(W_L(… ReLU(W_1 [p'_u; q'_i] + b_1) …) + b_L)} on separate
 * embeddings, and the fused output {@code logit = h · [GMF; MLP] + b}; the predicted probability of an
 * interaction is σ(logit).
 *
 * <p>Tensors: {@code gmf.user} U×f, {@code gmf.item} I×f, {@code mlp.user} U×m, {@code mlp.item} I×m (m = half the
 * first layer size), {@code mlp.k.weight} (layers[k+1] × layers[k]) and {@code mlp.k.bias} for each hidden layer k,
 * {@code out.weight} 1×(f + last layer) and {@code out.bias} 1. Embeddings start from N(0, 0.01²) as in the paper,
 * layers from Glorot-uniform weights and zero biases. Stateless and thread-safe.
 */
final class NeuMfNetwork {
    private final NeuMfParams params;

    NeuMfNetwork(NeuMfParams params) {
        this.params = params;
    }

    /** Creates the tensors for {@code numUsers} users and {@code numItems} items. */
    void initialise(Parameters p, int numUsers, int numItems, SplittableRandom rnd) {
        int f = params.factors();
        int m = params.embedding();
        p.add("gmf.user", new Shape(numUsers, f), Parameters.Init.NORMAL_001, rnd);
        p.add("gmf.item", new Shape(numItems, f), Parameters.Init.NORMAL_001, rnd);
        p.add("mlp.user", new Shape(numUsers, m), Parameters.Init.NORMAL_001, rnd);
        p.add("mlp.item", new Shape(numItems, m), Parameters.Init.NORMAL_001, rnd);
        List<Integer> l = params.layers();
        for (int k = 0; k + 1 < l.size(); k++) {
            p.add("mlp." + k + ".weight", new Shape(l.get(k + 1), l.get(k)), Parameters.Init.XAVIER_UNIFORM, rnd);
            p.add("mlp." + k + ".bias", new Shape(l.get(k + 1)), Parameters.Init.ZEROS, rnd);
        }
        p.add("out.weight", new Shape(1, f + params.mlpOut()), Parameters.Init.XAVIER_UNIFORM, rnd);
        p.add("out.bias", new Shape(1), Parameters.Init.ZEROS, rnd);
    }

    /** The logits (a vector of R) of the (user, item) pairs {@code users[r]}, {@code items[r]} (int64, R each). */
    NDArray forward(Map<String, NDArray> w, NDArray users, NDArray items) {
        NDArray gmf = lookup(users, w.get("gmf.user")).mul(lookup(items, w.get("gmf.item")));
        NDArray x = NDArrays.concat(new NDList(lookup(users, w.get("mlp.user")), lookup(items, w.get("mlp.item"))),
                1);
        for (int k = 0; k + 1 < params.layers().size(); k++) {
            x = Activation.relu(Linear.linear(x, w.get("mlp." + k + ".weight"), w.get("mlp." + k + ".bias"))
                    .singletonOrThrow());
        }
        NDArray fused = NDArrays.concat(new NDList(gmf, x), 1);
        NDArray logit = Linear.linear(fused, w.get("out.weight"), w.get("out.bias")).singletonOrThrow();
        return logit.reshape(-1);
    }

    private static NDArray lookup(NDArray index, NDArray table) {
        return Embedding.embedding(index, table, SparseFormat.DENSE).singletonOrThrow();
    }
}
