package io.shoplens.recommend.deep.multvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.model.Recommender;
import io.shoplens.recommend.common.ItemCap;
import io.shoplens.recommend.deep.train.ItemSampler;
import io.shoplens.recommend.deep.train.Minibatches;
import io.shoplens.recommend.deep.train.Parameters;
import io.shoplens.recommend.deep.train.TrainingTask;
import io.shoplens.recommend.deep.train.Weights;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Mult-VAE's examples and loss (Liang et al. 2018, eq. 6 with the annealed β of section 2.2.2). An example is a user
 * with at least one training event on an item of the {@link ItemCap} ({@code maxItems}, the most popular items by
 * training users, or every item); the input is the set of the user's items in the cap, as local indexes. The loss
 * of a batch is the mean over its users of {@code −Σᵢ xᵢ log softmax(logits)ᵢ + β · KL(N(μ, σ²) ‖ N(0, I))}, the
 * multinomial log-likelihood of the user's items (binary x, not normalised) plus the KL term weighted by β, which
 * grows with the optimiser step (see {@link MultVaeParams#beta}). Input dropout and ε are drawn on the Java side
 * from the fitter's random stream, so a run depends only on its seed.
 */
final class MultVaeTask implements TrainingTask {
    private final MultVaeNetwork net;
    private final MultVaeParams params;
    private final ItemCap cap;
    private final int numItems;
    private final int[] users;
    private final int[][] bags;
    private long step;

    MultVaeTask(MultVaeNetwork net, MultVaeParams params, InteractionStore store) {
        this.net = net;
        this.params = params;
        int[][] all = ItemSampler.positives(store);
        this.cap = ItemCap.mostPopular(store.numItems(), all, params.maxItems());
        this.numItems = cap.size();
        int[] active = Minibatches.usersWithAtLeast(store, 1);
        int[][] local = new int[active.length][];
        int n = 0;
        for (int u : active) {
            int[] bag = cap.capped() ? cap.local(all[u]) : all[u];
            if (bag.length > 0) {
                active[n] = u;
                local[n++] = bag;
            }
        }
        this.users = Arrays.copyOf(active, n);
        this.bags = Arrays.copyOf(local, n);
    }

    /** The items the network covers. */
    ItemCap cap() {
        return cap;
    }

    @Override
    public int numExamples() {
        return users.length;
    }

    @Override
    public void startEpoch(int epoch, long stepsDone) {
        step = stepsDone;
    }

    @Override
    public void initialise(Parameters p, SplittableRandom rnd) {
        net.initialise(p, numItems, rnd);
    }

    @Override
    public NDArray loss(Parameters p, NDManager m, int[] batch, SplittableRandom rnd) {
        int rows = batch.length;
        int[][] in = new int[rows][];
        int count = 0;
        for (int r = 0; r < rows; r++) {
            in[r] = bags[batch[r]];
            count += in[r].length;
        }
        long[] target = new long[count];
        int c = 0;
        for (int r = 0; r < rows; r++) {
            for (int item : in[r]) {
                target[c++] = (long) r * numItems + item;
            }
        }
        NDArray x = MultVaeNetwork.input(m, in, numItems, params.dropout(), rnd);
        int q = net.latent();
        float[] eps = new float[rows * q];
        for (int k = 0; k < eps.length; k++) {
            eps[k] = (float) rnd.nextGaussian();
        }
        MultVaeNetwork.Output o = net.forward(p.arrays(), x, m.create(FloatBuffer.wrap(eps), new Shape(rows, q)));
        NDArray logp = o.logits().logSoftmax(1).reshape((long) rows * numItems, 1);
        NDArray picked = Embedding.embedding(m.create(target), logp, SparseFormat.DENSE).singletonOrThrow();
        NDArray nll = picked.sum().neg().div(rows);
        double beta = params.beta(step, Minibatches.count(users.length, params.training().batchSize()));
        step++;
        if (beta == 0) {
            return nll;
        }
        NDArray kl = o.logvar().neg().add(o.logvar().exp()).add(o.mu().square()).sub(1f).sum().mul(0.5f).div(rows);
        return nll.add(kl.mul((float) beta));
    }

    @Override
    public Recommender snapshot(Weights weights) {
        return new MultVaeModel(cap, params, weights, null);
    }
}
