package io.shoplens.predict.image;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.shoplens.core.model.Provenance;
import io.shoplens.predict.tabular.Djl;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the CNN of {@link CnnParams} on DJL PyTorch. Pixels are scaled to [0, 1] and standardised with the
 * training set's mean and standard deviation; mini-batches are shuffled (and optionally mirrored) with a seeded
 * generator; after each epoch the validation accuracy is measured and the best epoch's weights are kept. The
 * validation set must come from the training data (never the test set).
 */
public final class CnnTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(CnnTrainer.class);
    private static final int EVAL_BATCH = 512;
    private final CnnParams params;

    /** A trainer with {@code params}. */
    public CnnTrainer(CnnParams params) {
        this.params = params;
    }

    /**
     * One epoch of training.
     *
     * @param epoch              1-based
     * @param trainLoss          mean softmax cross-entropy over the epoch's batches
     * @param validationAccuracy accuracy on the validation images after the epoch
     * @param seconds            wall time of the epoch, validation included
     */
    public record Epoch(int epoch, double trainLoss, double validationAccuracy, double seconds) {
    }

    /** Trains on {@code train}, choosing the epoch on {@code validation}; {@code fingerprint} goes to provenance. */
    public CnnModel train(ImageSet train, ImageSet validation, String fingerprint) {
        if (train.size() == 0 || validation.size() == 0) {
            throw new IllegalArgumentException("the CNN needs training and validation images, got " + train.size()
                    + " and " + validation.size());
        }
        if (train.rows() != validation.rows() || train.cols() != validation.cols()
                || !train.classNames().equals(validation.classNames())) {
            throw new IllegalArgumentException("validation images (" + validation.rows() + "x" + validation.cols()
                    + ", " + validation.classNames().size() + " classes) differ from training images ("
                    + train.rows() + "x" + train.cols() + ", " + train.classNames().size() + " classes)");
        }
        int side = Math.min(train.rows(), train.cols());
        if (side >> params.blocks() < 1) {
            throw new IllegalArgumentException(train.rows() + "x" + train.cols() + " images are too small for "
                    + params.blocks() + " pooling stages");
        }
        return Djl.seeded(params.seed(), params.threads(), () -> fit(train, validation, fingerprint));
    }

    private CnnModel fit(ImageSet train, ImageSet validation, String fingerprint) {
        long t0 = System.nanoTime();
        double sum = 0;
        double sum2 = 0;
        for (byte b : train.pixels()) {
            double v = (b & 0xff) / 255.0;
            sum += v;
            sum2 += v * v;
        }
        double count = train.pixels().length;
        float mean = (float) (sum / count);
        float sd = (float) Math.max(1e-6, Math.sqrt(sum2 / count - (sum / count) * (sum / count)));
        int k = train.classNames().size();
        int r = train.rows();
        int c = train.cols();
        int p = r * c;
        CnnNetwork net = new CnnNetwork(params, k);
        int stepsPerEpoch = (train.size() + Math.min(params.batchSize(), train.size()) - 1)
                / Math.min(params.batchSize(), train.size());
        Tracker rate = "cosine".equals(params.schedule())
                ? Tracker.cosine().setBaseValue((float) params.learningRate()).optFinalValue(0f)
                        .setMaxUpdates(Math.max(1, stepsPerEpoch * params.epochs())).build()
                : Tracker.fixed((float) params.learningRate());
        Optimizer adam = Optimizer.adam().optLearningRateTracker(rate)
                .optWeightDecays((float) params.weightDecay()).build();
        Loss loss = Loss.softmaxCrossEntropyLoss();
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(adam)
                .optDevices(new Device[] {Device.cpu()});
        SplittableRandom rng = new SplittableRandom(params.seed());
        List<Epoch> history = new ArrayList<>();
        byte[] best = null;
        double bestAccuracy = -1;
        int bestEpoch = 0;
        try (Model model = Model.newInstance("cnn", Device.cpu(), "PyTorch")) {
            model.setBlock(net.full);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, r, c));
                int n = train.size();
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                int b = Math.min(params.batchSize(), n);
                float[] bx = new float[b * p];
                float[] by = new float[b];
                for (int epoch = 1; epoch <= params.epochs(); epoch++) {
                    long e0 = System.nanoTime();
                    shuffle(order, rng);
                    double lossSum = 0;
                    int batches = 0;
                    for (int start = 0; start < n; start += b) {
                        int len = Math.min(b, n - start);
                        for (int j = 0; j < len; j++) {
                            int i = order[start + j];
                            boolean mirror = params.flip() && rng.nextBoolean();
                            fill(train, i, mirror, mean, sd, bx, j * p);
                            by[j] = train.labels()[i];
                        }
                        try (NDManager batch = trainer.getManager().newSubManager()) {
                            NDArray x = batch.create(java.util.Arrays.copyOf(bx, len * p), new Shape(len, 1, r, c));
                            NDArray y = batch.create(java.util.Arrays.copyOf(by, len), new Shape(len));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList pred = trainer.forward(new NDList(x));
                                NDArray l = loss.evaluate(new NDList(y), pred);
                                lossSum += l.getFloat();
                                gc.backward(l);
                            }
                            trainer.step();
                        }
                        batches++;
                    }
                    double accuracy = accuracy(trainer, validation, mean, sd);
                    double seconds = (System.nanoTime() - e0) / 1e9;
                    Epoch e = new Epoch(epoch, lossSum / batches, accuracy, seconds);
                    history.add(e);
                    LOG.info("cnn epoch {}: train loss {}, validation accuracy {}, {} s", epoch,
                            String.format("%.4f", e.trainLoss()), String.format("%.4f", accuracy),
                            String.format("%.1f", seconds));
                    if (!Double.isFinite(e.trainLoss())) {
                        throw new IllegalStateException("CNN training diverged at epoch " + epoch
                                + "; lower learningRate");
                    }
                    if (accuracy > bestAccuracy) {
                        bestAccuracy = accuracy;
                        bestEpoch = epoch;
                        best = parameters(net);
                    } else if (epoch - bestEpoch >= params.patience()) {
                        break;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, String> recorded = params.asMap();
        recorded.put("epochsKept", Integer.toString(bestEpoch));
        Provenance prov = new Provenance(CnnParams.NAME, recorded, fingerprint, params.seed(),
                Provenance.shoplensVersion(), Instant.now(), seconds);
        return new CnnModel(params, train.classNames(), r, c, mean, sd, best, history, prov);
    }

    private static double accuracy(Trainer trainer, ImageSet set, float mean, float sd) {
        int p = set.pixelsPerImage();
        long hits = 0;
        for (int start = 0; start < set.size(); start += EVAL_BATCH) {
            int len = Math.min(EVAL_BATCH, set.size() - start);
            float[] x = new float[len * p];
            for (int j = 0; j < len; j++) {
                fill(set, start + j, false, mean, sd, x, j * p);
            }
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray in = m.create(x, new Shape(len, 1, set.rows(), set.cols()));
                long[] pred = trainer.evaluate(new NDList(in)).singletonOrThrow().argMax(1).toLongArray();
                for (int j = 0; j < len; j++) {
                    if (pred[j] == set.labels()[start + j]) {
                        hits++;
                    }
                }
            }
        }
        return (double) hits / set.size();
    }

    /** Writes image {@code i} standardised (and mirrored left-right when asked) into {@code out} at {@code at}. */
    static void fill(ImageSet set, int i, boolean mirror, float mean, float sd, float[] out, int at) {
        int r = set.rows();
        int c = set.cols();
        int base = i * r * c;
        byte[] px = set.pixels();
        for (int y = 0; y < r; y++) {
            for (int x = 0; x < c; x++) {
                int src = base + y * c + (mirror ? c - 1 - x : x);
                out[at + y * c + x] = ((px[src] & 0xff) / 255f - mean) / sd;
            }
        }
    }

    private static byte[] parameters(CnnNetwork net) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            net.full.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy CNN weights", e);
        }
        return bytes.toByteArray();
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
