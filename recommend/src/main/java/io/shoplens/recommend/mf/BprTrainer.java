package io.shoplens.recommend.mf;

import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DataShape;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.common.InteractionMatrix;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link BprModel}: matrix factorisation learned with LearnBPR (Rendle et al., UAI 2009), stochastic
 * gradient ascent on {@code Σ ln σ(x_ui - x_uj)} minus L2 regularisation over triples of a user {@code u}, an item
 * {@code i} the user interacted with and an item {@code j} the user did not, where
 * {@code x_ui = w_u · h_i + b_i}. Triples are drawn by bootstrap sampling: a positive pair uniformly at random,
 * then a negative item uniformly among the items the user never touched.
 *
 * <p>Training is single-threaded on purpose: an epoch over the 225k training pairs of the Games data takes about
 * 0.05 s at rank 64, and a sequential sampler makes the model bit-for-bit reproducible from its seed, which a
 * Hogwild-style parallel SGD would not.
 */
public final class BprTrainer implements Trainer<BprModel> {
    private static final Logger LOG = LoggerFactory.getLogger(BprTrainer.class);

    private final BprParams params;

    public BprTrainer(BprParams params) {
        this.params = params;
    }

    /** The hyperparameters. */
    public BprParams params() {
        return params;
    }

    /**
     * Memory: the larger of the two phases. While the epochs run: the interaction matrix, the (user, item) pair lists
     * the sampler draws from (8 bytes per pair) and the factor tables; when the model is made: the pair lists and the
     * factor model ({@link FactorModel#bytes}, which copies the item table column-major). The pruned copy of the
     * events when pruning.
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        DataShape shape = DataShape.of(data.events(), params.pruning().lastEvents());
        long support = params.pruning().minItemSupport();
        int k = params.rank();
        long pairs = shape.pairs(support);
        long epochs = InteractionMatrix.bytes(shape.numUsers(), shape.numItems(), pairs)
                + tables(shape, k);
        long model = FactorModel.bytes(shape.numUsers(), shape.numItems(), k, params.itemBias());
        return MemoryEstimate.of(BprParams.NAME)
                .part(epochs >= model ? "interaction matrix and factor tables" : "factor model", Math.max(epochs,
                        model))
                .part("pair lists", 2 * MemoryEstimate.ints(pairs))
                .part("pruned events", params.pruning().copyBytes(shape, support))
                .array("the item factor table", (long) shape.numItems() * k)
                .knob("rank", k, 8, r -> bytes(shape, (int) r, support))
                .knob("minItemSupport", support, Math.max(support, shape.maxSupport()), s2 -> bytes(shape, k, s2))
                .build();
    }

    private long tables(DataShape shape, int rank) {
        return 4L * rank * ((long) shape.numUsers() + shape.numItems()) + (params.itemBias() ? 4L * shape.numItems()
                : 0);
    }

    private long bytes(DataShape shape, int rank, long minSupport) {
        long pairs = shape.pairs(minSupport);
        return Math.max(InteractionMatrix.bytes(shape.numUsers(), shape.numItems(), pairs) + tables(shape, rank),
                FactorModel.bytes(shape.numUsers(), shape.numItems(), rank, params.itemBias())) + 8 * pairs
                + params.pruning().copyBytes(shape, minSupport);
    }

    @Override
    public BprModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionMatrix m = InteractionMatrix.of(params.pruning().apply(data.events()), params.weighting());
        int k = params.rank();
        int numUsers = m.numUsers();
        int numItems = m.numItems();
        int nnz = m.nnz();
        int[] rowStart = new int[numUsers + 1];
        int[] pairUser = new int[nnz];
        int[] pairItem = new int[nnz];
        for (int u = 0; u < numUsers; u++) {
            rowStart[u + 1] = m.userEnd(u);
            for (int e = m.userStart(u); e < m.userEnd(u); e++) {
                pairUser[e] = u;
                pairItem[e] = m.userItem(e);
            }
        }
        float[] w = IalsTrainer.initial(numUsers, k, params.initStd(), params.seed(), 2);
        float[] h = IalsTrainer.initial(numItems, k, params.initStd(), params.seed(), 3);
        float[] bias = params.itemBias() ? new float[numItems] : null;
        SplittableRandom rnd = new SplittableRandom(params.seed());
        float lr = (float) params.learningRate();
        float reg = (float) params.reg();
        float biasReg = (float) params.biasReg();
        for (int epoch = 1; epoch <= params.epochs() && nnz > 0; epoch++) {
            double logLikelihood = 0;
            int steps = 0;
            for (int s = 0; s < nnz; s++) {
                int pair = rnd.nextInt(nnz);
                int u = pairUser[pair];
                int j = negative(pairItem, rowStart[u], rowStart[u + 1], numItems, rnd);
                if (j < 0) {
                    continue;
                }
                float x = step(w, u * k, h, pairItem[pair], j, bias, k, lr, reg, biasReg, true);
                logLikelihood += logSigmoid(x);
                steps++;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("BPR epoch {}: mean ln sigma(x_uij) {}", epoch,
                        String.format(Locale.ROOT, "%.5f", logLikelihood / Math.max(1, steps)));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("BPR-MF: {} users, {} items, {} pairs, rank {}, {} epochs in {} s", numUsers, numItems, nnz, k,
                params.epochs(), String.format(Locale.ROOT, "%.2f", seconds));
        Provenance prov = new Provenance(BprParams.NAME, params.asMap(), data.fingerprint(), params.seed(),
                Provenance.shoplensVersion(), Instant.now(), seconds);
        return new BprModel(new FactorModel.Factors(k, numUsers, numItems, w, h, bias), params,
                data.events().ordinalTime(), prov);
    }

    /**
     * A uniformly drawn item not in {@code sorted[from..to)} (ascending), or -1 when the user has every item.
     */
    static int negative(int[] sorted, int from, int to, int numItems, SplittableRandom rnd) {
        if (to - from >= numItems) {
            return -1;
        }
        while (true) {
            int j = rnd.nextInt(numItems);
            if (Arrays.binarySearch(sorted, from, to, j) < 0) {
                return j;
            }
        }
    }

    /**
     * One LearnBPR update for user vector {@code w[wo..wo+k)}, positive {@code i} and negative {@code j}; the
     * items are updated too when {@code updateItems}. Returns {@code x_uij} before the update.
     */
    static float step(float[] w, int wo, float[] h, int i, int j, float[] bias, int k, float lr, float reg,
                      float biasReg, boolean updateItems) {
        int io = i * k;
        int jo = j * k;
        float x = bias == null ? 0f : bias[i] - bias[j];
        for (int c = 0; c < k; c++) {
            x += w[wo + c] * (h[io + c] - h[jo + c]);
        }
        float g = (float) (1.0 / (1.0 + Math.exp(x)));
        if (updateItems) {
            for (int c = 0; c < k; c++) {
                float wu = w[wo + c];
                float hi = h[io + c];
                float hj = h[jo + c];
                w[wo + c] = wu + lr * (g * (hi - hj) - reg * wu);
                h[io + c] = hi + lr * (g * wu - reg * hi);
                h[jo + c] = hj + lr * (-g * wu - reg * hj);
            }
            if (bias != null) {
                bias[i] += lr * (g - biasReg * bias[i]);
                bias[j] += lr * (-g - biasReg * bias[j]);
            }
        } else {
            for (int c = 0; c < k; c++) {
                float wu = w[wo + c];
                w[wo + c] = wu + lr * (g * (h[io + c] - h[jo + c]) - reg * wu);
            }
        }
        return x;
    }

    private static double logSigmoid(double x) {
        return x > 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }
}
