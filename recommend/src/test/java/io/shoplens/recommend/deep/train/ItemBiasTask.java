package io.shoplens.recommend.deep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.ndarray.types.SparseFormat;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tiny task for testing the training loop: one learned bias per item, trained with BCE on (user, item) pairs
 * against one sampled negative each, with dropout on the biases so that the engine's generator matters.
 */
final class ItemBiasTask implements TrainingTask {
    private final InteractionStore store;
    private final int[] pairUser;
    private final int[] pairItem;
    private final int[][] positives;
    private final ItemSampler sampler;
    private final float dropout;

    ItemBiasTask(InteractionStore store, String sampling, float dropout) {
        this.store = store;
        this.dropout = dropout;
        pairUser = new int[store.numEvents()];
        pairItem = new int[store.numEvents()];
        for (int u = 0; u < store.numUsers(); u++) {
            for (int p = store.userStart(u); p < store.userEnd(u); p++) {
                pairUser[p] = u;
                pairItem[p] = store.itemAt(p);
            }
        }
        positives = ItemSampler.positives(store);
        sampler = ItemSampler.of(sampling, store);
    }

    @Override
    public int numExamples() {
        return pairUser.length;
    }

    @Override
    public void initialise(Parameters params, SplittableRandom rnd) {
        params.add("bias", new Shape(store.numItems(), 1), Parameters.Init.NORMAL_001, rnd);
    }

    @Override
    public NDArray loss(Parameters params, NDManager manager, int[] batch, SplittableRandom rnd) {
        long[] pos = new long[batch.length];
        long[] neg = new long[batch.length];
        for (int k = 0; k < batch.length; k++) {
            pos[k] = pairItem[batch[k]];
            neg[k] = sampler.drawExcluding(positives[pairUser[batch[k]]], rnd);
        }
        NDArray bias = params.get("bias");
        NDArray bp = Embedding.embedding(manager.create(pos), bias, SparseFormat.DENSE).singletonOrThrow();
        NDArray bn = Embedding.embedding(manager.create(neg), bias, SparseFormat.DENSE).singletonOrThrow();
        bp = Dropout.dropout(bp, dropout, true).singletonOrThrow();
        return Activation.softPlus(bp.neg()).add(Activation.softPlus(bn)).mean();
    }

    @Override
    public Recommender snapshot(Weights weights) {
        return new Biases(weights.get("bias").values());
    }

    /** Scores every item by its bias. */
    record Biases(float[] bias) implements Recommender {
        @Override
        public int numItems() {
            return bias.length;
        }

        @Override
        public void scoreAll(UserHistory user, float[] out) {
            System.arraycopy(bias, 0, out, 0, bias.length);
        }

        @Override
        public Explanation explain(UserHistory user, int item) {
            return new Explanation(item, bias[item], "bias", List.of());
        }

        @Override
        public Provenance provenance() {
            return new Provenance("item-bias", Map.of(), "test", 0, "dev", Instant.EPOCH, 0);
        }

        @Override
        public void save(Path file) {
            throw new UnsupportedOperationException("test model");
        }
    }
}
