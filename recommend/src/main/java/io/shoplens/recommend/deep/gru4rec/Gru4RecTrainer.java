package io.shoplens.recommend.deep.gru4rec;

import io.shoplens.core.data.InteractionStore;
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
