package io.shoplens.recommend.deep.multvae;

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
 * Trains {@link MultVaeModel}: the variational autoencoder with a multinomial likelihood for implicit feedback
 * (Dawen Liang, Rahul G. Krishnan, Matthew D. Hoffman and Tony Jebara, "Variational Autoencoders for Collaborative
 * Filtering", WWW 2018) on each user's set of items, with the shared {@link Fitter} (Adam, mini-batches of users,
 * early stopping on the validation part of the split when the training data carries one). See
 * {@link MultVaeParams} for the settings and {@link MultVaeTask} for the loss.
 */
public final class MultVaeTrainer implements Trainer<MultVaeModel> {
    private static final Logger LOG = LoggerFactory.getLogger(MultVaeTrainer.class);

    private final MultVaeParams params;
    private final TrainingListener listener;

    public MultVaeTrainer(MultVaeParams params) {
        this(params, TrainingListener.NONE);
    }

    /** A trainer that reports progress to {@code listener}. */
    public MultVaeTrainer(MultVaeParams params, TrainingListener listener) {
        this.params = params;
        this.listener = listener;
    }

    /**
     * Memory: the encoder and decoder (each {@code items × hidden}, items = {@code maxItems} when set) on the engine
     * with their gradients and Adam moments, a batch's dense input and output over those items, and the users'
     * item lists on the heap. {@code maxItems} (down to {@value DeepMemory#MIN_ITEMS}) and {@code batchSize} are its
     * knobs, so a refusal names the cap or the batch that would fit.
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        DataShape shape = DataShape.of(data.events(), 0);
        return DeepMemory.capped(DeepMemory.items(params.maxItems(), shape.numItems()), params.training().batchSize(),
                (items, batch) -> estimate(shape, items, batch));
    }

    /** The estimate's parts for a network over {@code items} items trained in batches of {@code batch} users. */
    private MemoryEstimate.Builder estimate(DataShape shape, long items, long batch) {
        long h = params.hidden();
        long z = params.latent();
        long layer = items * h;
        long parameters = 2 * layer + 3 * h * z + items + 2 * h + 2 * z;
        long activations = batch * (3 * items + 4 * h + 3 * z);
        return DeepMemory.of(MultVaeParams.NAME, parameters, layer, activations, 2 * shape.pairs(1),
                2 * layer + 3 * h * z);
    }

    @Override
    public MultVaeModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionStore s = data.events();
        if (s.numItems() == 0) {
            throw new IllegalArgumentException("Mult-VAE needs at least one item; the training data has none");
        }
        MultVaeTask task = new MultVaeTask(new MultVaeNetwork(params), params, s);
        if (task.cap().capped()) {
            LOG.info("Mult-VAE over the {} most popular of {} items (maxItems)", task.cap().size(), s.numItems());
        }
        Fitter.Result r = new Fitter(MultVaeParams.NAME, params.training(), listener).fit(task, data,
                params.networkKey());
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("Mult-VAE trained in {} s: {} epochs, weights of epoch {}{}",
                String.format(Locale.ROOT, "%.1f", seconds), r.history().size(), r.bestEpoch(),
                Double.isNaN(r.bestMetric()) ? "" : String.format(Locale.ROOT, " (validation %s %.4f)",
                        params.training().validMetric(), r.bestMetric()));
        Provenance prov = new Provenance(MultVaeParams.NAME, params.asMap(), data.fingerprint(),
                params.training().seed(), Provenance.shoplensVersion(), Instant.now(), seconds);
        return new MultVaeModel(task.cap(), params, r.weights(), prov);
    }
}
