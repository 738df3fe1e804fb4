package io.shoplens.recommend.deep.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.model.Recommender;
import io.shoplens.recommend.deep.train.ItemSampler;
import io.shoplens.recommend.deep.train.Minibatches;
import io.shoplens.recommend.deep.train.Parameters;
import io.shoplens.recommend.deep.train.TrainingTask;
import io.shoplens.recommend.deep.train.Weights;
import java.util.SplittableRandom;

/**
 * SASRec's training examples and loss. An example is a user with at least two training events: the input is the
 * sequence without its last item, the target at each position the next item (the last {@code maxLen} positions are
 * kept). Loss over the real positions of a batch: with {@code bce}, {@code −log σ(hₜ·e₊) − log(1 − σ(hₜ·e₋))} with
 * one negative per position drawn from items the user never touched (the paper's loss); with {@code ce},
 * {@code −log softmax(hₜ·Eᵀ)[next item]} over all items; with {@code sampled}, the same softmax over the next item
 * and {@code negatives} items drawn for the position from items the user never touched (a sampled softmax: with
 * uniform draws it trains on the task the sampled protocols measure, ranking the next item above random ones). Each
 * batch is cut to the width of its longest sequence; with {@code buckets} on, batches are drawn from pools of
 * {@value #BUCKET_POOL} batches sorted by length (see {@link Minibatches#bucketed}), so that short sequences are not
 * padded to long ones.
 */
final class SasRecTask implements TrainingTask {
    /** Batches per pool sorted by length when {@code buckets} is on. */
    static final int BUCKET_POOL = 50;

    private final SasRecNetwork net;
    private final SasRecParams params;
    private final InteractionStore store;
    private final int[] users;
    private final int[][] positives;
    private final ItemSampler sampler;

    SasRecTask(SasRecNetwork net, SasRecParams params, InteractionStore store) {
        this.net = net;
        this.params = params;
        this.store = store;
        this.users = Minibatches.usersWithAtLeast(store, 2);
        boolean drawn = !"ce".equals(params.loss());
        this.positives = drawn ? ItemSampler.positives(store) : null;
        this.sampler = drawn ? ItemSampler.of(params.sampling(), store) : null;
    }

    @Override
    public int numExamples() {
        return users.length;
    }

    @Override
    public void initialise(Parameters p, SplittableRandom rnd) {
        net.initialise(p, store.numItems(), rnd);
    }

    @Override
    public NDArray loss(Parameters p, NDManager m, int[] batch, SplittableRandom rnd) {
        int rows = batch.length;
        int l = 1;
        for (int b : batch) {
            l = Math.max(l, Math.min(store.userLength(users[b]) - 1, net.maxLen()));
        }
        long[] seq = new long[rows * l];
        long[] target = new long[rows * l];
        int count = 0;
        for (int r = 0; r < rows; r++) {
            int[] items = store.userItems(users[batch[r]]);
            Minibatches.padLeft(items, items.length - 1, l, seq, r * l);
            int n = Math.min(items.length - 1, l);
            for (int k = 0; k < n; k++) {
                target[r * l + l - n + k] = items[items.length - n + k] + 1L;
            }
            count += n;
        }
        long[] valid = new long[count];
        long[] next = new long[count];
        int perPosition = "sampled".equals(params.loss()) ? params.negatives() : 1;
        long[] negative = sampler != null ? new long[count * perPosition] : null;
        int c = 0;
        for (int r = 0; r < rows; r++) {
            int[] pos = negative == null ? null : positives[users[batch[r]]];
            for (int t = 0; t < l; t++) {
                long y = target[r * l + t];
                if (y != 0) {
                    valid[c] = (long) r * l + t;
                    next[c] = y;
                    for (int k = 0; negative != null && k < perPosition; k++) {
                        negative[c * perPosition + k] = sampler.drawExcluding(pos, rnd) + 1L;
                    }
                    c++;
                }
            }
        }
        NDArray h = net.forward(p.arrays(), net.inputs(m, seq, rows), true, null);
        NDArray flat = h.reshape(rows * (long) l, net.hidden());
        NDArray hv = Embedding.embedding(m.create(valid), flat, SparseFormat.DENSE).singletonOrThrow();
        NDArray item = p.get("item");
        if (negative != null) {
            NDArray ep = Embedding.embedding(m.create(next), item, SparseFormat.DENSE).singletonOrThrow();
            NDArray en = Embedding.embedding(m.create(negative), item, SparseFormat.DENSE).singletonOrThrow();
            NDArray lp = hv.mul(ep).sum(new int[] {1});
            if ("bce".equals(params.loss())) {
                NDArray ln = hv.mul(en).sum(new int[] {1});
                return Activation.softPlus(lp.neg()).mean().add(Activation.softPlus(ln).mean());
            }
            NDArray ln = hv.reshape(count, 1, net.hidden())
                    .matMul(en.reshape(count, perPosition, net.hidden()).transpose(0, 2, 1))
                    .reshape(count, perPosition);
            NDArray logits = lp.reshape(count, 1).concat(ln, 1);
            return logits.logSoftmax(1).get(new NDIndex(":, 0")).mean().neg();
        }
        NDArray logits = hv.matMul(item.get(new NDIndex("1:")).transpose());
        long[] label = new long[count];
        for (int k = 0; k < count; k++) {
            label[k] = next[k] - 1;
        }
        NDArray picked = logits.logSoftmax(1).gather(m.create(label, new Shape(count, 1)), 1);
        return picked.mean().neg();
    }

    @Override
    public int[][] batches(int batchSize, SplittableRandom rnd) {
        if (!params.buckets()) {
            return TrainingTask.super.batches(batchSize, rnd);
        }
        int[] lengths = new int[users.length];
        for (int k = 0; k < users.length; k++) {
            lengths[k] = Math.min(store.userLength(users[k]) - 1, net.maxLen());
        }
        return Minibatches.bucketed(lengths, batchSize, BUCKET_POOL, rnd);
    }

    @Override
    public Recommender snapshot(Weights weights) {
        return new SasRecModel(store.numItems(), params, weights, null);
    }
}
