package io.shoplens.recommend.ease;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DataShape;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.common.InteractionMatrix;
import io.shoplens.recommend.common.ItemCap;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link EaseModel}: the item-item linear autoencoder of Steck, "Embarrassingly Shallow Autoencoders for
 * Sparse Data" (WWW 2019), in closed form. With X the user × item matrix of interaction strengths (binary by
 * default), {@code B = argmin ‖X − XB‖² + λ‖B‖²} subject to {@code diag(B) = 0} is {@code B = I − P·diag(1/diag(P))}
 * with {@code P = (XᵀX + λI)⁻¹}, computed by {@link EaseSolver} on the PyTorch engine.
 *
 * <p>Cost: n² weights for n items (n = every item, or {@code maxItems}); time O(n³) for the inverse, measured on
 * two cores in float32: 1.4 s for 4,000 items, 10 s for 8,000, 37 s for 12,000, 2.2 minutes for 16,000 and about
 * 11 minutes for 23,715 (peak resident memory about 8 GB, mostly native). Training is deterministic; there is no
 * random seed (provenance records 0).
 */
public final class EaseTrainer implements Trainer<EaseModel> {
    private static final Logger LOG = LoggerFactory.getLogger(EaseTrainer.class);

    private final EaseParams params;

    public EaseTrainer(EaseParams params) {
        this.params = params;
    }

    /**
     * Memory: the interaction matrix, the weights on the heap ({@code n²} floats dense, {@code 8 n topK} bytes
     * pruned) and a 64 MiB row block; on the engine about four {@code n × n} matrices during the inverse, for the
     * {@code n} items kept ({@code maxItems}).
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        DataShape shape = DataShape.of(data.events(), params.pruning().lastEvents());
        long support = params.pruning().minItemSupport();
        long active = shape.items(support);
        long n = params.maxItems() == 0 ? active : Math.min(params.maxItems(), active);
        long bytesPerValue = params.float64() ? 8 : 4;
        return MemoryEstimate.of(EaseParams.NAME)
                .part("interaction matrix", InteractionMatrix.bytes(shape.numUsers(), shape.numItems(),
                        shape.pairs(support)))
                .part("weights", heapWeights(n))
                .part("row blocks and item maps", EaseSolver.rowBlockBytes(n) + 8L * shape.numItems())
                .part("pruned events", params.pruning().copyBytes(shape, support))
                .array("the dense weights", params.topK() == 0 ? n * n : 0)
                .nativePart("Gram matrix, LU factors and inverse", 4 * n * n * bytesPerValue)
                .knob("maxItems", n, Math.min(n, 1000), m -> InteractionMatrix.bytes(shape.numUsers(),
                        shape.numItems(), shape.pairs(support)) + heapWeights(m) + EaseSolver.rowBlockBytes(m)
                        + 8L * shape.numItems()
                        + params.pruning().copyBytes(shape, support), m -> 4 * m * m * bytesPerValue)
                .build();
    }

    private long heapWeights(long n) {
        return params.topK() == 0 ? MemoryEstimate.ints(n * n) : 8 * n * Math.min(params.topK(), n) + 4 * n;
    }

    @Override
    public EaseModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionStore s = params.pruning().apply(data.events());
        int numItems = s.numItems();
        if (numItems == 0) {
            throw new IllegalArgumentException("EASE needs at least one item; the training data has none");
        }
        InteractionMatrix m = InteractionMatrix.of(s, params.weighting());
        int[] kept = params.maxItems() == 0 || params.maxItems() >= numItems ? null
                : ItemCap.mostPopular(m::itemDegree, numItems, params.maxItems());
        int n = kept == null ? numItems : kept.length;
        if (params.topK() == 0 && n > EaseWeights.Dense.MAX_N) {
            throw new IllegalArgumentException("EASE with dense weights supports at most " + EaseWeights.Dense.MAX_N
                    + " items, the data has " + n + "; set maxItems (e.g. maxItems=" + EaseWeights.Dense.MAX_N
                    + ") or topK");
        }
        int[] all = kept == null ? IntStream.range(0, numItems).toArray() : kept;
        int[] localOf = null;
        if (kept != null) {
            localOf = new int[numItems];
            Arrays.fill(localOf, -1);
            for (int l = 0; l < kept.length; l++) {
                localOf[kept[l]] = l;
            }
        }
        LOG.info("EASE: {} users, {} of {} items, lambda={}, topK={}, {}", m.numUsers(), n, numItems,
                params.lambda(), params.topK(), params.float64() ? "float64" : "float32");
        EaseWeights w = EaseSolver.solve(m, all, localOf, params);
        Provenance prov = new Provenance(EaseParams.NAME, params.asMap(), data.fingerprint(), 0,
                Provenance.shoplensVersion(), Instant.now(), (System.nanoTime() - t0) / 1e9);
        return new EaseModel(numItems, kept, w, params, s.ordinalTime(), prov);
    }
}
