package io.shoplens.recommend.knn;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DataShape;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Pruning;
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

    /**
     * Memory: the interaction matrix, per thread four dense accumulators over the items (16 bytes per item), and the
     * neighbour lists, 8 bytes per kept neighbour, held twice while the per-block lists are copied into the model's
     * arrays. An item keeps at most {@code k} neighbours and at most as many as it has co-occurrences (the sum, over
     * its users, of their other items), which bounds the lists from above; the bound is exact when every item
     * meets at least {@code k} others.
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        InteractionStore events = data.events();
        Pruning pruning = params.pruning();
        DataShape shape = DataShape.of(events, pruning.lastEvents());
        int[] support = pruning.support(events);
        long[] cooccurrences = cooccurrenceBounds(events, pruning);
        long minSupport = pruning.minItemSupport();
        int k = params.k();
        return MemoryEstimate.of(ItemKnnParams.NAME)
                .part("interaction matrix", InteractionMatrix.bytes(shape.numUsers(), shape.numItems(),
                        shape.pairs(minSupport)))
                .part("neighbour lists", 2 * neighbourBytes(support, cooccurrences, k, minSupport))
                .part("scratch", (16L * params.threads() + 8) * shape.numItems())
                .part("pruned events", pruning.copyBytes(shape, minSupport))
                .array("the neighbour lists", neighbours(support, cooccurrences, k, minSupport))
                .knob("k", k, 10, kk -> bytes(shape, support, cooccurrences, (int) kk, minSupport))
                .knob("minItemSupport", minSupport, Math.max(minSupport, shape.maxSupport()),
                        s -> bytes(shape, support, cooccurrences, k, s))
                .build();
    }

    private long bytes(DataShape shape, int[] support, long[] co, int k, long minSupport) {
        return InteractionMatrix.bytes(shape.numUsers(), shape.numItems(), shape.pairs(minSupport))
                + 2 * neighbourBytes(support, co, k, minSupport) + (16L * params.threads() + 8) * shape.numItems()
                + params.pruning().copyBytes(shape, minSupport);
    }

    private static long neighbourBytes(int[] support, long[] co, int k, long minSupport) {
        return 8 * neighbours(support, co, k, minSupport) + 4L * support.length;
    }

    private static long neighbours(int[] support, long[] co, int k, long minSupport) {
        long n = 0;
        for (int i = 0; i < support.length; i++) {
            if (support[i] >= minSupport) {
                n += Math.min(k, co[i]);
            }
        }
        return n;
    }

    /**
     * For each item, the number of (user, other item) pairs it co-occurs with among the events the pruning's
     * history truncation keeps: an upper bound of its distinct neighbours.
     */
    static long[] cooccurrenceBounds(InteractionStore s, Pruning pruning) {
        long[] co = new long[s.numItems()];
        int[] lastUser = new int[s.numItems()];
        java.util.Arrays.fill(lastUser, -1);
        int[] distinct = new int[Math.min(s.numItems(), 1 << 16)];
        for (int u = 0; u < s.numUsers(); u++) {
            int n = 0;
            for (int p = pruning.windowStart(s, u); p < s.userEnd(u); p++) {
                int item = s.itemAt(p);
                if (lastUser[item] != u) {
                    lastUser[item] = u;
                    if (n == distinct.length) {
                        distinct = java.util.Arrays.copyOf(distinct, 2 * n);
                    }
                    distinct[n++] = item;
                }
            }
            for (int q = 0; q < n; q++) {
                co[distinct[q]] += n - 1;
            }
        }
        return co;
    }

    @Override
    public ItemKnnModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionMatrix m = InteractionMatrix.of(params.pruning().apply(data.events()), params.weighting());
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
