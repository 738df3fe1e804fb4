package io.shoplens.recommend.popular;

import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DataShape;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.common.InteractionMatrix;
import java.time.Instant;

/**
 * Trains {@link PopularityModel}: each item's score is the sum of its users' interaction strengths (by default
 * the number of training events on it). The classic non-personalised baseline ("PopRec" in Kang &amp; McAuley
 * 2018) and the last fallback for cold users.
 */
public final class PopularityTrainer implements Trainer<PopularityModel> {
    private final PopularityParams params;

    public PopularityTrainer(PopularityParams params) {
        this.params = params;
    }

    /** Memory: the interaction matrix (16 bytes per distinct user-item pair) and a float per item. */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        DataShape shape = DataShape.of(data.events(), params.pruning().lastEvents());
        long support = params.pruning().minItemSupport();
        return MemoryEstimate.of(PopularityParams.NAME)
                .part("interaction matrix", InteractionMatrix.bytes(shape.numUsers(), shape.numItems(),
                        shape.pairs(support)))
                .part("pruned events", params.pruning().copyBytes(shape, support))
                .part("scores", MemoryEstimate.ints(shape.numItems()))
                .build();
    }

    @Override
    public PopularityModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionMatrix m = InteractionMatrix.of(params.pruning().apply(data.events()), params.weighting());
        float[] scores = new float[m.numItems()];
        for (int i = 0; i < scores.length; i++) {
            double total = 0;
            for (int k = m.itemStart(i); k < m.itemEnd(i); k++) {
                total += m.itemValue(k);
            }
            scores[i] = (float) total;
        }
        Provenance prov = new Provenance(PopularityParams.NAME, params.asMap(), data.fingerprint(), 0,
                Provenance.shoplensVersion(), Instant.now(), (System.nanoTime() - t0) / 1e9);
        return new PopularityModel(scores, prov);
    }
}
