package io.shoplens.recommend.knn;

import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DataShape;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.common.InteractionMatrix;
import java.time.Instant;

/**
 * Trains {@link UserKnnModel}: a lazy learner that keeps the user × item strength matrix (by user and by item)
 * and each user's norm; neighbours are found at scoring time from the history given, so users unknown at
 * training time and histories with events since training are scored too (Herlocker et al. 1999). Training costs
 * one pass over the events.
 */
public final class UserKnnTrainer implements Trainer<UserKnnModel> {
    private final UserKnnParams params;

    public UserKnnTrainer(UserKnnParams params) {
        if (params == null) {
            throw new IllegalArgumentException("userknn needs parameters");
        }
        this.params = params;
    }

    /**
     * Memory: the interaction matrix while training, and the model's own user rows and item columns (16 bytes per
     * distinct user-item pair) with a float per user; scoring adds 16 bytes per user of scratch per thread.
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        DataShape shape = DataShape.of(data.events(), params.pruning().lastEvents());
        long support = params.pruning().minItemSupport();
        int threads = Runtime.getRuntime().availableProcessors();
        return MemoryEstimate.of(UserKnnParams.NAME)
                .part("interaction matrix", InteractionMatrix.bytes(shape.numUsers(), shape.numItems(),
                        shape.pairs(support)))
                .part("model rows and columns", InteractionMatrix.bytes(shape.numUsers(), shape.numItems(),
                        shape.pairs(support)) + MemoryEstimate.ints(shape.numUsers()))
                .part("scoring scratch", 16L * shape.numUsers() * threads)
                .part("pruned events", params.pruning().copyBytes(shape, support))
                .knob("minItemSupport", support, Math.max(support, shape.maxSupport()), s -> 2 * InteractionMatrix
                        .bytes(shape.numUsers(), shape.numItems(), shape.pairs(s)) + 4L * shape.numUsers()
                        + 16L * shape.numUsers() * threads + params.pruning().copyBytes(shape, s))
                .build();
    }

    @Override
    public UserKnnModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionMatrix m = InteractionMatrix.of(params.pruning().apply(data.events()), params.weighting());
        int[] ptr = new int[m.numUsers() + 1];
        for (int u = 0; u < m.numUsers(); u++) {
            ptr[u + 1] = m.userEnd(u);
        }
        int[] items = new int[m.nnz()];
        float[] values = new float[m.nnz()];
        for (int e = 0; e < m.nnz(); e++) {
            items[e] = m.userItem(e);
            values[e] = m.userValue(e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Provenance prov = new Provenance(UserKnnParams.NAME, params.asMap(), data.fingerprint(), 0,
                Provenance.shoplensVersion(), Instant.now(), seconds);
        return new UserKnnModel(params, m.numItems(), ptr, items, values, data.events().ordinalTime(),
                data.events().users(), data.events().items(), prov);
    }
}
