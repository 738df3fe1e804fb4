package io.shoplens.recommend.deep.gru4rec;

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
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link Gru4RecModel}: next-item prediction with a recurrent network over each user's behaviour sequence
 * (Balázs Hidasi, Alexandros Karatzoglou, Linas Baltrunas and Domonkos Tikk, "Session-based Recommendations with
 * Recurrent Neural Networks", ICLR 2016; Balázs Hidasi and Alexandros Karatzoglou, "Recurrent Neural Networks with
 * Top-k Gains for Session-based Recommendations", CIKM 2018), with a GRU or LSTM cell, on the shared
 * {@link Fitter} (Adam, mini-batches of users, early stopping on the validation part of the split when the training
 * data carries one). See {@link Gru4RecParams} for the settings and {@link Gru4RecTask} for the loss.
 */
public final class Gru4RecTrainer implements Trainer<Gru4RecModel> {
    private static final Logger LOG = LoggerFactory.getLogger(Gru4RecTrainer.class);

    private final Gru4RecParams params;
    private final TrainingListener listener;

    public Gru4RecTrainer(Gru4RecParams params) {
        this(params, TrainingListener.NONE);
    }

    /** A trainer that reports progress to {@code listener}. */
    public Gru4RecTrainer(Gru4RecParams params, TrainingListener listener) {
        this.params = params;
        this.listener = listener;
    }

    /**
     * Memory: the item embeddings, the recurrent cell and the output layer on the engine with their gradients and
     * Adam moments, a batch's activations (the output scores are {@code batchSize × maxLen} times the items for the
     * full softmax, times {@code 1 + negatives} for the sampled one) and the sequences on the heap.
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        DataShape shape = DataShape.of(data.events(), params.maxLen());
        long e = params.embedding();
        long h = params.hidden();
        long items = shape.numItems() + 1L;
        long gates = "lstm".equals(params.cell()) ? 4 : 3;
        long parameters = items * e + gates * (e + h + 2) * h + items * (h + 1);
        long positions = (long) params.training().batchSize() * params.maxLen();
        long outputs = "ce".equals(params.loss()) ? positions * items : positions * (1L + params.negatives());
        long activations = positions * (e + 6 * h) + outputs;
        return DeepMemory.of(Gru4RecParams.NAME, parameters, items * Math.max(e, h), activations,
                DeepMemory.sequenceInts(shape, params.maxLen()), items * (e + h + 1)).build();
    }

    @Override
    public Gru4RecModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionStore s = data.events();
        if (s.numItems() == 0) {
            throw new IllegalArgumentException("GRU4Rec needs at least one item; the training data has none");
        }
        Gru4RecTask task = new Gru4RecTask(new Gru4RecNetwork(params), params, s);
        Fitter.Result r = new Fitter(Gru4RecParams.NAME, params.training(), listener).fit(task, data,
                params.networkKey());
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("GRU4Rec ({}) trained in {} s: {} epochs, weights of epoch {}{}", params.cell(),
                String.format(Locale.ROOT, "%.1f", seconds), r.history().size(), r.bestEpoch(),
                Double.isNaN(r.bestMetric()) ? "" : String.format(Locale.ROOT, " (validation %s %.4f)",
                        params.training().validMetric(), r.bestMetric()));
        Provenance prov = new Provenance(Gru4RecParams.NAME, params.asMap(), data.fingerprint(),
                params.training().seed(), Provenance.shoplensVersion(), Instant.now(), seconds);
        return new Gru4RecModel(s.numItems(), params, r.weights(), prov);
    }
}
