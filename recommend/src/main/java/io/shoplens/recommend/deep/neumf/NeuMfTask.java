package io.shoplens.recommend.deep.neumf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.model.Recommender;
import io.shoplens.recommend.common.ItemCap;
import io.shoplens.recommend.deep.train.ItemSampler;
import io.shoplens.recommend.deep.train.Parameters;
import io.shoplens.recommend.deep.train.TrainingTask;
import io.shoplens.recommend.deep.train.Weights;
import java.util.SplittableRandom;

/**
 * NeuMF's examples and loss (He et al. 2017, section 3.1.1, eq. 7). An example is an observed (user, item) pair
 * (each distinct pair of the training events once) whose item is in the {@link ItemCap} ({@code maxItems}, the most
 * popular items by training users, or every item), as a local index; a batch adds {@code negatives} local items per
 * pair drawn afresh from the items of the cap the user never touched, and the loss is the mean binary
 * cross-entropy (log loss) over the observed pairs (label 1) and the negatives (label 0), {@code softplus(−logit)}
 * and {@code softplus(logit)}.
 */
final class NeuMfTask implements TrainingTask {
    private final NeuMfNetwork net;
    private final NeuMfParams params;
    private final InteractionStore store;
    private final ItemCap cap;
    private final int[] pairUser;
    private final int[] pairItem;
    private final int[][] positives;
    private final ItemSampler sampler;

    NeuMfTask(NeuMfNetwork net, NeuMfParams params, InteractionStore store) {
        this.net = net;
        this.params = params;
        this.store = store;
        int[][] all = ItemSampler.positives(store);
        this.cap = ItemCap.mostPopular(store.numItems(), all, params.maxItems());
        if (cap.capped()) {
            for (int u = 0; u < all.length; u++) {
                all[u] = cap.local(all[u]);
            }
        }
        this.positives = all;
        int n = 0;
        for (int[] p : positives) {
            n += p.length;
        }
        this.pairUser = new int[n];
        this.pairItem = new int[n];
        int k = 0;
        for (int u = 0; u < positives.length; u++) {
            for (int i : positives[u]) {
                pairUser[k] = u;
                pairItem[k] = i;
                k++;
            }
        }
        this.sampler = ItemSampler.of(params.sampling(), store, cap);
    }

    /** The items the item embeddings cover. */
    ItemCap cap() {
        return cap;
    }

    /** Each user's distinct training items in the cap, as local indexes, ascending. */
    int[][] positives() {
        return positives;
    }

    @Override
    public int numExamples() {
        return pairUser.length;
    }

    @Override
    public void initialise(Parameters p, SplittableRandom rnd) {
        net.initialise(p, store.numUsers(), cap.size(), rnd);
    }

    @Override
    public NDArray loss(Parameters p, NDManager m, int[] batch, SplittableRandom rnd) {
        int per = 1 + params.negatives();
        int rows = batch.length * per;
        long[] users = new long[rows];
        long[] items = new long[rows];
        float[] sign = new float[rows];
        int r = 0;
        for (int b : batch) {
            int u = pairUser[b];
            users[r] = u;
            items[r] = pairItem[b];
            sign[r] = -1f;
            r++;
            for (int k = 0; k < params.negatives(); k++) {
                users[r] = u;
                items[r] = sampler.drawExcluding(positives[u], rnd);
                sign[r] = 1f;
                r++;
            }
        }
        NDArray logit = net.forward(p.arrays(), m.create(users), m.create(items));
        return Activation.softPlus(logit.mul(m.create(sign))).mean();
    }

    @Override
    public Recommender snapshot(Weights weights) {
        return NeuMfModel.of(cap, params, weights, positives, null);
    }
}
