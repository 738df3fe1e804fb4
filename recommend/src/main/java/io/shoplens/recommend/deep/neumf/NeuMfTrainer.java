package io.shoplens.recommend.deep.neumf;

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
 * Trains {@link NeuMfModel}: neural matrix factorisation, the fusion of generalised matrix factorisation and a
 * multi-layer perceptron (Xiangnan He, Lizi Liao, Hanwang Zhang, Liqiang Nie, Xia Hu and Tat-Seng Chua, "Neural
 * Collaborative Filtering", WWW 2017), with binary cross-entropy against sampled negatives, on the shared
 * {@link Fitter} (Adam, early stopping on the validation part of the split when the training data carries one).
 * See {@link NeuMfParams} for the settings and {@link NeuMfTask} for the loss.
 */
public final class NeuMfTrainer implements Trainer<NeuMfModel> {
    private static final Logger LOG = LoggerFactory.getLogger(NeuMfTrainer.class);

    private final NeuMfParams params;
    private final TrainingListener listener;

    public NeuMfTrainer(NeuMfParams params) {
        this(params, TrainingListener.NONE);
    }

    /** A trainer that reports progress to {@code listener}. */
    public NeuMfTrainer(NeuMfParams params, TrainingListener listener) {
        this.params = params;
        this.listener = listener;
    }

    /**
     * Memory: the GMF and MLP embeddings of every user and item (items = {@code maxItems} when set) and the MLP
     * tower on the engine with their gradients and Adam moments, a batch's activations, the sampled (user, item,
     * label) examples on the heap. {@code maxItems} (down to {@value DeepMemory#MIN_ITEMS}) and {@code batchSize}
     * are its knobs, so a refusal names the cap or the batch that would fit.
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        DataShape shape = DataShape.of(data.events(), 0);
        return DeepMemory.capped(DeepMemory.items(params.maxItems(), shape.numItems()), params.training().batchSize(),
                (items, batch) -> estimate(shape, items, batch));
    }

    /** The estimate's parts for embeddings of {@code items} items trained in batches of {@code batch} pairs. */
    private MemoryEstimate.Builder estimate(DataShape shape, long items, long batch) {
        long f = params.factors();
        long first = params.layers().get(0);
        long rows = shape.numUsers() + items;
        long embeddings = rows * (f + first / 2);
        long tower = 0;
        long width = first;
        for (int l = 1; l < params.layers().size(); l++) {
            tower += width * params.layers().get(l) + params.layers().get(l);
            width = params.layers().get(l);
        }
        long parameters = embeddings + tower + f + width + 1;
        long activations = batch * (f + 3 * first + 4 * width);
        long examples = 3 * shape.pairs(1) * (1L + params.negatives());
        return DeepMemory.of(NeuMfParams.NAME, parameters, Math.max(shape.numUsers(), items) * Math.max(f, first / 2),
                activations, examples, embeddings + tower);
    }

    @Override
    public NeuMfModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionStore s = data.events();
        if (s.numItems() == 0 || s.numEvents() == 0) {
            throw new IllegalArgumentException("NeuMF needs training events; the training data has "
                    + s.numEvents() + " events over " + s.numItems() + " items");
        }
        NeuMfTask task = new NeuMfTask(new NeuMfNetwork(params), params, s);
        if (task.cap().capped()) {
            LOG.info("NeuMF over the {} most popular of {} items (maxItems)", task.cap().size(), s.numItems());
        }
        Fitter.Result r = new Fitter(NeuMfParams.NAME, params.training(), listener).fit(task, data,
                params.networkKey());
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("NeuMF trained in {} s: {} epochs, weights of epoch {}{}",
                String.format(Locale.ROOT, "%.1f", seconds), r.history().size(), r.bestEpoch(),
                Double.isNaN(r.bestMetric()) ? "" : String.format(Locale.ROOT, " (validation %s %.4f)",
                        params.training().validMetric(), r.bestMetric()));
        Provenance prov = new Provenance(NeuMfParams.NAME, params.asMap(), data.fingerprint(),
                params.training().seed(), Provenance.shoplensVersion(), Instant.now(), seconds);
        return NeuMfModel.of(task.cap(), params, r.weights(), task.positives(), prov);
    }
}
