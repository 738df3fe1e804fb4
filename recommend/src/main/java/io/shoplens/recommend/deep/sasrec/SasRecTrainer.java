package io.shoplens.recommend.deep.sasrec;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DataShape;
import io.shoplens.recommend.deep.train.DeepMemory;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.deep.train.Fitter;
import io.shoplens.recommend.deep.train.TrainingListener;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link SasRecModel}: self-attentive sequential recommendation (Wang-Cheng Kang and Julian McAuley,
 * "Self-Attentive Sequential Recommendation", ICDM 2018) on the events of each user in time order, with the
 * shared {@link Fitter} (Adam, mini-batches of users, early stopping on the validation part of the split when the
 * training data carries one). See {@link SasRecParams} for the settings and {@link SasRecTask} for the loss.
 */
public final class SasRecTrainer implements Trainer<SasRecModel> {
    private static final Logger LOG = LoggerFactory.getLogger(SasRecTrainer.class);

    private final SasRecParams params;
    private final TrainingListener listener;

    public SasRecTrainer(SasRecParams params) {
        this(params, TrainingListener.NONE);
    }

    /** A trainer that reports progress to {@code listener}. */
    public SasRecTrainer(SasRecParams params, TrainingListener listener) {
        this.params = params;
        this.listener = listener;
    }

    /**
     * Memory: the item and position embeddings and the attention blocks on the engine with their gradients and Adam
     * moments, a batch's activations (the output scores are {@code batchSize × maxLen} times the items for the full
     * softmax, times {@code 1 + negatives} for the sampled one, times 2 for BCE) and the sequences on the heap.
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        DataShape shape = DataShape.of(data.events(), params.maxLen());
        long h = params.hidden();
        long items = shape.numItems() + 1L;
        long embedding = items * h;
        long parameters = embedding + params.maxLen() * h + params.blocks() * (6 * h * h + 10 * h) + 2 * h;
        long positions = (long) params.training().batchSize() * params.maxLen();
        long outputs = switch (params.loss()) {
            case "ce" -> positions * items;
            case "sampled" -> positions * (1L + params.negatives());
            default -> positions * 2;
        };
        long activations = positions * h * (12L * params.blocks() + 4)
                + (long) params.training().batchSize() * params.heads() * params.maxLen() * params.maxLen()
                * params.blocks() * 3 + outputs;
        return DeepMemory.of(SasRecParams.NAME, parameters, embedding, activations,
                DeepMemory.sequenceInts(shape, params.maxLen()), embedding).build();
    }

    @Override
    public SasRecModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionStore s = data.events();
        if (s.numItems() == 0) {
            throw new IllegalArgumentException("SASRec needs at least one item; the training data has none");
        }
        SasRecTask task = new SasRecTask(new SasRecNetwork(params), params, s);
        Fitter.Result r = new Fitter(SasRecParams.NAME, params.training(), listener).fit(task, data,
                params.networkKey());
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("SASRec trained in {} s: {} epochs, weights of epoch {}{}", String.format("%.1f", seconds),
                r.history().size(), r.bestEpoch(), Double.isNaN(r.bestMetric()) ? ""
                        : String.format(java.util.Locale.ROOT, " (validation %s %.4f)",
                        params.training().validMetric(), r.bestMetric()));
        Provenance prov = new Provenance(SasRecParams.NAME, params.asMap(), data.fingerprint(),
                params.training().seed(), Provenance.shoplensVersion(), Instant.now(), seconds);
        return new SasRecModel(s.numItems(), params, r.weights(), prov);
    }
}
