package io.shoplens.predict.forecast;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.shoplens.predict.tabular.Djl;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A global LSTM forecaster (Hochreiter &amp; Schmidhuber, Neural Computation 1997) on DJL PyTorch, direct
 * multi-horizon: the last {@code window} days of a series, divided by its recent level (mean of the last 28 days
 * + 1) and paired with the day of week as sine and cosine, run through one LSTM layer; a dense layer maps the last
 * hidden state to the next {@code horizon} days. One network is trained over every series and origin (Adam,
 * squared error); the windows whose targets fall in the last {@code horizon} days of the history are validation,
 * and the epoch with the lowest validation error is kept. Forecasts below 0 are set to 0. Seeded.
 *
 * @param window       input days, 7..365
 * @param hidden       LSTM state size, 1..1024
 * @param epochs       most epochs, 1..1000
 * @param batchSize    windows per step, 1..4096
 * @param learningRate Adam step size, (0, 1]
 * @param patience     epochs without improvement before stopping, 1..100
 * @param threads      PyTorch intra-op threads, 1..1024
 * @param seed         seed of initialisation and shuffling
 */
public record LstmForecaster(int window, int hidden, int epochs, int batchSize, double learningRate, int patience,
                             int threads, long seed) implements ForecastMethod {
    private static final int FEATURES = 3;

    public LstmForecaster {
        range("window", window, 7, 365);
        range("hidden", hidden, 1, 1024);
        range("epochs", epochs, 1, 1000);
        range("batchSize", batchSize, 1, 4096);
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], got " + learningRate);
        }
        range("patience", patience, 1, 100);
        range("threads", threads, 1, 1024);
    }

    /** Defaults: 28-day windows, 32 units, at most 40 epochs of 64 windows, Adam 3e-3, patience 5. */
    public static LstmForecaster defaults(int threads, long seed) {
        return new LstmForecaster(28, 32, 40, 64, 3e-3, 5, threads, seed);
    }

    @Override
    public String name() {
        return "lstm";
    }

    @Override
    public double[][] forecast(List<DailySeries> histories, int horizon) {
        int needed = Math.max(window, GbtForecaster.WINDOW) + 2 * horizon;
        List<float[]> trainX = new ArrayList<>();
        List<float[]> trainY = new ArrayList<>();
        List<float[]> validX = new ArrayList<>();
        List<float[]> validY = new ArrayList<>();
        for (DailySeries s : histories) {
            ForecastMethod.requireLength(s, needed, name());
            double[] y = s.values();
            int n = y.length;
            for (int origin = Math.max(window, GbtForecaster.WINDOW); origin + horizon <= n; origin++) {
                double scale = GbtForecaster.scale(y, origin);
                float[] target = new float[horizon];
                for (int h = 0; h < horizon; h++) {
                    target[h] = (float) (y[origin + h] / scale);
                }
                boolean valid = origin + horizon - 1 >= n - horizon;
                (valid ? validX : trainX).add(input(s, y, origin, scale));
                (valid ? validY : trainY).add(target);
            }
        }
        if (trainX.isEmpty() || validX.isEmpty()) {
            throw new IllegalArgumentException("the LSTM needs training and validation windows; the series are "
                    + "too short");
        }
        return Djl.seeded(seed, threads, () -> fit(histories, horizon, trainX, trainY, validX, validY));
    }

    private double[][] fit(List<DailySeries> histories, int horizon, List<float[]> trainX, List<float[]> trainY,
            List<float[]> validX, List<float[]> validY) {
        SequentialBlock block = new SequentialBlock()
                .add(LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false)
                        .build())
                .add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().get(":, -1, :")), "last-step"))
                .add(Linear.builder().setUnits(horizon).build());
        Loss loss = Loss.l2Loss();
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(adam)
                .optDevices(new Device[] {Device.cpu()});
        SplittableRandom rng = new SplittableRandom(seed);
        try (Model model = Model.newInstance("lstm", Device.cpu(), "PyTorch")) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, window, FEATURES));
                int n = trainX.size();
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                byte[] best = null;
                double bestLoss = Double.POSITIVE_INFINITY;
                int bestEpoch = 0;
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    for (int i = n - 1; i > 0; i--) {
                        int j = rng.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                    for (int start = 0; start < n; start += batchSize) {
                        int len = Math.min(batchSize, n - start);
                        try (NDManager m = trainer.getManager().newSubManager()) {
                            NDArray x = m.create(stack(trainX, order, start, len), new Shape(len, window, FEATURES));
                            NDArray y = m.create(stack(trainY, order, start, len), new Shape(len, horizon));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                gc.backward(loss.evaluate(new NDList(y), trainer.forward(new NDList(x))));
                            }
                            trainer.step();
                        }
                    }
                    double v = validationLoss(trainer, validX, validY, horizon);
                    if (!Double.isFinite(v)) {
                        throw new IllegalStateException("LSTM training diverged at epoch " + epoch
                                + "; lower learningRate");
                    }
                    if (v < bestLoss - 1e-9) {
                        bestLoss = v;
                        bestEpoch = epoch;
                        best = save(block);
                    } else if (epoch - bestEpoch >= patience) {
                        break;
                    }
                }
                load(block, trainer.getManager(), best);
                double[][] out = new double[histories.size()][horizon];
                for (int s = 0; s < histories.size(); s++) {
                    DailySeries d = histories.get(s);
                    double[] y = d.values();
                    double scale = GbtForecaster.scale(y, y.length);
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        NDArray x = m.create(input(d, y, y.length, scale), new Shape(1, window, FEATURES));
                        float[] p = trainer.evaluate(new NDList(x)).singletonOrThrow().toFloatArray();
                        for (int h = 0; h < horizon; h++) {
                            out[s][h] = Math.max(0, p[h] * scale);
                        }
                    }
                }
                return out;
            }
        }
    }

    private double validationLoss(Trainer trainer, List<float[]> x, List<float[]> y, int horizon) {
        int[] all = new int[x.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        double s = 0;
        for (int start = 0; start < all.length; start += 512) {
            int len = Math.min(512, all.length - start);
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray in = m.create(stack(x, all, start, len), new Shape(len, window, FEATURES));
                float[] p = trainer.evaluate(new NDList(in)).singletonOrThrow().toFloatArray();
                for (int k = 0; k < len; k++) {
                    float[] t = y.get(start + k);
                    for (int h = 0; h < horizon; h++) {
                        double e = p[k * horizon + h] - t[h];
                        s += e * e;
                    }
                }
            }
        }
        return s / ((double) all.length * horizon);
    }

    /** The input window before {@code origin}: scaled value, sine and cosine of the day of week. */
    private float[] input(DailySeries s, double[] y, int origin, double scale) {
        float[] x = new float[window * FEATURES];
        for (int k = 0; k < window; k++) {
            int t = origin - window + k;
            double angle = 2 * Math.PI * s.dayOfWeek(t) / 7;
            x[k * FEATURES] = (float) (y[t] / scale);
            x[k * FEATURES + 1] = (float) Math.sin(angle);
            x[k * FEATURES + 2] = (float) Math.cos(angle);
        }
        return x;
    }

    private static float[] stack(List<float[]> rows, int[] order, int start, int len) {
        int w = rows.get(0).length;
        float[] out = new float[len * w];
        for (int k = 0; k < len; k++) {
            System.arraycopy(rows.get(order[start + k]), 0, out, k * w, w);
        }
        return out;
    }

    private static byte[] save(SequentialBlock block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy LSTM weights", e);
        }
        return bytes.toByteArray();
    }

    private static void load(SequentialBlock block, NDManager manager, byte[] weights) {
        try {
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(weights)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore LSTM weights", e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("cannot restore LSTM weights: " + e.getMessage(), e);
        }
    }

    private static void range(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + v);
        }
    }
}
