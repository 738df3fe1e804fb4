package io.shoplens.recommend.deep.gru4rec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.model.Recommender;
import io.shoplens.recommend.deep.train.ItemSampler;
import io.shoplens.recommend.deep.train.Minibatches;
import io.shoplens.recommend.deep.train.Parameters;
import io.shoplens.recommend.deep.train.TrainingTask;
import io.shoplens.recommend.deep.train.Weights;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * GRU4Rec's examples and loss. An example is a user with at least two training events: the input is the sequence
 * without its last item (its last {@code maxLen} items), the target at each position the next item. The loss is
 * the mean over the real positions of a batch of {@code −log softmax(scores)[next item]}, where the softmax runs over
 * all items ({@code ce}) or, for {@code sampled} (Hidasi &amp; Karatzoglou 2018), over the distinct items made of the
 * batch's next items (mini-batch negatives) and {@code negatives} items drawn once per batch from the sampler,
 * shared by every position. Each batch is cut to the width of its longest sequence.
 */
final class Gru4RecTask implements TrainingTask {
    /** Batches per pool sorted by length when {@code buckets} is on. */
    static final int BUCKET_POOL = 50;

    private final Gru4RecNetwork net;
    private final Gru4RecParams params;
    private final InteractionStore store;
    private final int[] users;
    private final ItemSampler sampler;

    Gru4RecTask(Gru4RecNetwork net, Gru4RecParams params, InteractionStore store) {
        this.net = net;
        this.params = params;
        this.store = store;
        this.users = Minibatches.usersWithAtLeast(store, 2);
        this.sampler = "sampled".equals(params.loss()) ? ItemSampler.of(params.sampling(), store) : null;
    }

    @Override
    public int numExamples() {
        return users.length;
    }

    @Override
    public void initialise(Parameters p, SplittableRandom rnd) {
        net.initialise(p, store.numItems(), rnd);
    }

    private int inputLength(int example) {
        return Math.min(store.userLength(users[example]) - 1, params.maxLen());
    }

    @Override
    public NDArray loss(Parameters p, NDManager m, int[] batch, SplittableRandom rnd) {
        int rows = batch.length;
        int l = 1;
        for (int b : batch) {
            l = Math.max(l, inputLength(b));
        }
        long[] seq = new long[rows * l];
        int count = 0;
        for (int b : batch) {
            count += inputLength(b);
        }
        long[] valid = new long[count];
        int[] next = new int[count];
        int c = 0;
        for (int r = 0; r < rows; r++) {
            int[] items = store.userItems(users[batch[r]]);
            int n = inputLength(batch[r]);
            int start = items.length - 1 - n;
            for (int k = 0; k < n; k++) {
                seq[r * l + k] = items[start + k] + 1L;
                valid[c] = (long) r * l + k;
                next[c] = items[start + k + 1];
                c++;
            }
        }
        NDArray h = net.forward(p.arrays(), m.create(seq, new Shape(rows, l)), true);
        NDArray hv = lookup(m.create(valid), h.reshape((long) rows * l, params.hidden()));
        NDArray out = p.get("out.weight");
        NDArray bias = p.get("out.bias");
        int[] label = next;
        NDArray logits;
        if (sampler == null) {
            logits = hv.matMul(out.transpose()).add(bias);
        } else {
            int[] cand = candidates(next, rnd);
            label = new int[count];
            for (int k = 0; k < count; k++) {
                label[k] = Arrays.binarySearch(cand, next[k]);
            }
            NDArray ci = m.create(Arrays.stream(cand).asLongStream().toArray());
            logits = hv.matMul(lookup(ci, out).transpose()).add(lookup(ci, bias.reshape(-1, 1)).reshape(-1));
        }
        long[] y = Arrays.stream(label).asLongStream().toArray();
        return logits.logSoftmax(1).gather(m.create(y, new Shape(count, 1)), 1).mean().neg();
    }

    /** The distinct items of {@code next} and of {@code negatives} draws, ascending. */
    private int[] candidates(int[] next, SplittableRandom rnd) {
        int[] all = Arrays.copyOf(next, next.length + params.negatives());
        for (int k = next.length; k < all.length; k++) {
            all[k] = sampler.draw(rnd);
        }
        return Arrays.stream(all).distinct().sorted().toArray();
    }

    private static NDArray lookup(NDArray index, NDArray table) {
        return Embedding.embedding(index, table, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    public int[][] batches(int batchSize, SplittableRandom rnd) {
        if (!params.buckets()) {
            return TrainingTask.super.batches(batchSize, rnd);
        }
        int[] lengths = new int[users.length];
        for (int k = 0; k < users.length; k++) {
            lengths[k] = inputLength(k);
        }
        return Minibatches.bucketed(lengths, batchSize, BUCKET_POOL, rnd);
    }

    @Override
    public Recommender snapshot(Weights weights) {
        return new Gru4RecModel(store.numItems(), params, weights, null);
    }
}
