package io.shoplens.recommend.knn;

import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.common.InteractionMatrix;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link ItemKnnModel}: item-item similarities over the columns of the interaction matrix, of which each
 * item keeps its {@code k} most similar items (Sarwar et al. 2001; Deshpande &amp; Karypis 2004 for the top-k
 * item model; Aiolli 2013 for the asymmetric cosine). Cost: Σ<sub>users</sub> (row length)² multiply-adds, spread
 * over {@code threads} threads, plus O(items) floats of scratch per thread.
 */
public final class ItemKnnTrainer implements Trainer<ItemKnnModel> {
    private static final Logger LOG = LoggerFactory.getLogger(ItemKnnTrainer.class);

    private final ItemKnnParams params;

    public ItemKnnTrainer(ItemKnnParams params) {
        if (params == null) {
            throw new IllegalArgumentException("itemknn needs parameters");
        }
        this.params = params;
    }

    @Override
    public ItemKnnModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionMatrix m = InteractionMatrix.of(data.events(), params.weighting());
        ItemNeighbourBuilder.Csr csr = ItemNeighbourBuilder.build(m, params);
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("itemknn: {} items, {} neighbour pairs ({} per item on average) in {} s", m.numItems(),
                csr.nbr().length, String.format(Locale.ROOT, "%.1f", csr.nbr().length / (double) Math.max(1,
                        m.numItems())), String.format(Locale.ROOT, "%.2f", seconds));
        Provenance prov = new Provenance(ItemKnnParams.NAME, params.asMap(), data.fingerprint(), 0,
                Provenance.shoplensVersion(), Instant.now(), seconds);
        return new ItemKnnModel(params, csr.ptr(), csr.nbr(), csr.sim(), data.events().ordinalTime(),
                data.events().items(), prov);
    }
}
