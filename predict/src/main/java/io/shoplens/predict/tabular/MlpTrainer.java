package io.shoplens.predict.tabular;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.shoplens.core.model.Provenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link MlpModel} on DJL PyTorch (see {@link MlpParams}): features are standardised on the training rows
 * (regression targets too), the network is trained with Adam on shuffled mini-batches (binary cross-entropy,
 * softmax cross-entropy or squared error by task), and after every epoch the weights are copied out and scored on
 * the validation table; the epoch with the lowest validation loss is the model. Seeded: the same data, parameters
 * and thread count give the same model.
 */
public final class MlpTrainer implements TabularTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(MlpTrainer.class);
    private final MlpParams params;

    /** A trainer with {@code params}. */
    public MlpTrainer(MlpParams params) {
        this.params = params;
    }

    @Override
    public String algorithm() {
        return MlpParams.NAME;
    }

    @Override
    public MlpModel train(Table train, Table validation) {
        train.requireRows("the training table");
        validation.requireRows("the validation table");
        validation.requireSameColumns(train.featureNames());
        train.requireFinite("the MLP");
        validation.requireFinite("the MLP");
        return Djl.seeded(params.seed(), params.threads(), () -> fit(train, validation));
    }

    private MlpModel fit(Table train, Table validation) {
        long t0 = System.nanoTime();
        int d = train.columns();
        int n = train.rows();
        int outputs = train.task().outputs(train.numClasses());
        Standardizer st = Standardizer.fit(train.x(), d);
        double yMean = 0;
        double ySd = 1;
        if (train.task() == Task.REGRESSION) {
            for (float v : train.y()) {
                yMean += v;
            }
            yMean /= n;
            double s2 = 0;
            for (float v : train.y()) {
                s2 += (v - yMean) * (v - yMean);
            }
            ySd = Math.max(1e-9, Math.sqrt(s2 / n));
        }
        float[] xs = new float[n * d];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(st.apply(train.x()[i]), 0, xs, i * d, d);
            ys[i] = train.task() == Task.REGRESSION ? (float) ((train.y()[i] - yMean) / ySd) : train.y()[i];
        }
        float[][] validZ = new float[validation.rows()][];
        for (int i = 0; i < validZ.length; i++) {
            validZ[i] = st.apply(validation.x()[i]);
        }
        SequentialBlock block = new SequentialBlock();
        for (int h : params.hidden()) {
            block.add(Linear.builder().setUnits(h).build());
            block.add(Activation.reluBlock());
            if (params.dropout() > 0) {
                block.add(Dropout.builder().optRate((float) params.dropout()).build());
            }
        }
        block.add(Linear.builder().setUnits(outputs).build());
        Loss loss = switch (train.task()) {
            case BINARY -> Loss.sigmoidBinaryCrossEntropyLoss();
            case MULTICLASS -> Loss.softmaxCrossEntropyLoss();
            case REGRESSION -> Loss.l2Loss();
        };
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) params.learningRate()))
                .optWeightDecays((float) params.weightDecay()).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(adam)
                .optDevices(new Device[] {Device.cpu()});
        SplittableRandom rng = new SplittableRandom(params.seed());
        DenseNet best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epoch = 0;
        MlpModel.Output head = new MlpModel.Output(train.task(), yMean, ySd);
        try (Model model = Model.newInstance("mlp", Device.cpu(), "PyTorch")) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, d));
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                int b = Math.min(params.batchSize(), n);
                float[] bx = new float[b * d];
                float[] by = new float[b];
                for (epoch = 1; epoch <= params.epochs(); epoch++) {
                    shuffle(order, rng);
                    for (int start = 0; start < n; start += b) {
                        int len = Math.min(b, n - start);
                        for (int k = 0; k < len; k++) {
                            int i = order[start + k];
                            System.arraycopy(xs, i * d, bx, k * d, d);
                            by[k] = ys[i];
                        }
                        try (NDManager batch = trainer.getManager().newSubManager()) {
                            NDArray x = batch.create(java.util.Arrays.copyOf(bx, len * d), new Shape(len, d));
                            NDArray y = batch.create(java.util.Arrays.copyOf(by, len), new Shape(len));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList pred = trainer.forward(new NDList(x));
                                NDArray l = loss.evaluate(new NDList(y), pred);
                                gc.backward(l);
                            }
                            trainer.step();
                        }
                    }
                    DenseNet net = snapshot(block);
                    double v = validationLoss(net, head, validZ, validation);
                    if (!Double.isFinite(v)) {
                        throw new IllegalStateException("MLP training diverged at epoch " + epoch
                                + " (validation loss " + v + "); lower learningRate");
                    }
                    if (v < bestLoss - 1e-9) {
                        bestLoss = v;
                        best = net;
                        bestEpoch = epoch;
                    } else if (epoch - bestEpoch >= params.patience()) {
                        break;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.debug("mlp: best epoch {} of {}, validation loss {}", bestEpoch, Math.min(epoch, params.epochs()),
                bestLoss);
        Map<String, String> recorded = params.asMap();
        recorded.put("epochsKept", Integer.toString(bestEpoch));
        Provenance prov = new Provenance(MlpParams.NAME, recorded, train.fingerprint(), params.seed(),
                Provenance.shoplensVersion(), Instant.now(), seconds);
        return new MlpModel(Schema.of(train), st, best, head, prov);
    }

    /** Mean validation loss of {@code net}: log-loss (binary, multiclass) or squared error in label units. */
    private static double validationLoss(DenseNet net, MlpModel.Output head, float[][] z, Table validation) {
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            double[] p = head.apply(net.forward(z[i]));
            float y = validation.y()[i];
            s += switch (validation.task()) {
                case BINARY -> -Math.log(Math.max(1e-15, y > 0.5 ? p[0] : 1 - p[0]));
                case MULTICLASS -> -Math.log(Math.max(1e-15, p[(int) y]));
                case REGRESSION -> (p[0] - y) * (p[0] - y);
            };
        }
        return s / z.length;
    }

    /** Copies the Linear layers' weights out of the PyTorch block. */
    static DenseNet snapshot(SequentialBlock block) {
        List<float[][]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (Pair<String, Block> child : block.getChildren()) {
            if (child.getValue() instanceof Linear lin) {
                NDArray weight = lin.getParameters().get("weight").getArray();
                NDArray bias = lin.getParameters().get("bias").getArray();
                long[] shape = weight.getShape().getShape();
                int out = (int) shape[0];
                int in = (int) shape[1];
                float[] flat = weight.toFloatArray();
                float[][] m = new float[out][in];
                for (int o = 0; o < out; o++) {
                    System.arraycopy(flat, o * in, m[o], 0, in);
                }
                w.add(m);
                b.add(bias.toFloatArray());
            }
        }
        return new DenseNet(w.toArray(new float[0][][]), b.toArray(new float[0][]));
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
