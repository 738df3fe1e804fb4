package io.shoplens.recommend.deep.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.TrainingData;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop shared by the deep models: shuffled mini-batches, Adam with a learning-rate schedule,
 * early stopping on a validation metric, atomic checkpoints and exact resumption.
 *
 * <p>Determinism: initial weights come from {@code SplittableRandom(seed)}, the shuffling and negative sampling of
 * epoch e from {@code SplittableRandom(mix(seed, e))}, and the engine's generator (dropout) is reseeded from
 * (seed, e, batch) before every batch. Everything random is therefore a function of the seed and the position in
 * training, and a run resumed from the checkpoint of epoch e computes the same weights as a run that never
 * stopped, on the same device with the same thread count. PyTorch's generator and DJL's gradient collector are
 * process-wide, so one training runs at a time per JVM.
 *
 * <p>Faults: a batch whose loss or gradient holds an infinity or NaN changes no weight; up to
 * {@link TrainingParams#skipNonFinite()} such batches per epoch are skipped with a warning naming the tensors, and
 * one more fails the training as diverged (a long run on this machine once met a NaN that a replay of the same
 * batch from the same weights did not reproduce).
 *
 * <p>Time budget: with {@link TrainingParams#timeBudget()} set, the wall time since the first batch of this run is
 * compared with the budget after every batch; once it is exceeded the epoch ends after that batch, is validated
 * when validation is on and training finishes (the checkpoint is written as finished; see
 * {@link TrainingParams#timeBudget()}).
 *
 * <p>Memory: each batch's tensors are created in a child manager and an {@link NDScope} that are closed after the
 * optimiser step, so native memory does not grow with the number of batches.
 */
public final class Fitter {
    private static final Logger LOG = LoggerFactory.getLogger(Fitter.class);
    /** The engine every deep model runs on. */
    public static final String ENGINE = "PyTorch";

    private final String algorithm;
    private final TrainingParams params;
    private final TrainingListener listener;

    /**
     * @param algorithm registry name, used in logs and the checkpoint's file name
     * @param params    the shared training settings
     * @param listener  progress callbacks (not null; {@link TrainingListener#NONE} for none)
     */
    public Fitter(String algorithm, TrainingParams params, TrainingListener listener) {
        this.algorithm = algorithm;
        this.params = params;
        this.listener = listener;
    }

    /**
     * What training produced.
     *
     * @param weights     the weights to use: the best by the validation metric when validation ran, else the last
     * @param history     one report per epoch, including epochs done before a resume
     * @param bestEpoch   the epoch of the returned weights (1-based)
     * @param bestMetric  their validation metric, or NaN
     * @param stoppedEarly true when patience ran out before the last epoch
     * @param stoppedByBudget true when the time budget ended training before the last batch of the last epoch (the
     *                    last report of {@code history} says after which part of its epoch)
     * @param resumed     true when training continued from a checkpoint
     */
    public record Result(Weights weights, List<EpochReport> history, int bestEpoch, double bestMetric,
                         boolean stoppedEarly, boolean stoppedByBudget, boolean resumed) {
        public Result {
            history = List.copyOf(history);
        }
    }

    /** The device {@code name} ({@code auto}, {@code cpu}, {@code gpu}) stands for on {@code engine}. */
    public static Device device(Engine engine, String name) {
        int gpus = engine.getGpuCount();
        return switch (name) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new IllegalArgumentException("device=gpu but the " + engine.getEngineName()
                            + " engine sees no GPU; use device=auto or device=cpu");
                }
                yield Device.gpu();
            }
            default -> gpus > 0 ? Device.gpu() : Device.cpu();
        };
    }

    /**
     * Sets PyTorch's intra-op thread count for work started from the calling thread (OpenMP keeps it per thread)
     * and returns the previous count. On a busy machine one thread per caller is often fastest for small tensors.
     */
    public static int setIntraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Engine.getEngine(ENGINE);
        int previous = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        return previous;
    }

    /** SplitMix64 of {@code seed} and {@code value}: decorrelated seeds for derived random streams. */
    public static long mix(long seed, long value) {
        long z = seed + 0x9E3779B97F4A7C15L * (value + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Trains {@code task} on {@code data} (whose validation part, if any, drives early stopping).
     *
     * @param configKey the model's own hyperparameters as text; a checkpoint is resumed only under the same key
     */
    public Result fit(TrainingTask task, TrainingData data, String configKey) {
        Engine engine = Engine.getEngine(ENGINE);
        Device device = device(engine, params.device());
        String key = algorithm + " {" + configKey + "} {" + params.weightsKey() + "} data " + data.fingerprint();
        Path file = params.checkpointPath() == null ? null : Checkpoint.file(params.checkpointPath(), algorithm);
        Validator validator = Validator.of(data, params);
        if (validator == null && params.validEvery() > 0 && params.patience() > 0) {
            LOG.info("{}: no validation part in the training data, so no early stopping; training {} epochs",
                    algorithm, params.epochs());
        }
        int n = task.numExamples();
        if (n < 1) {
            throw new IllegalArgumentException(algorithm + " has no training examples in the data");
        }
        int previousThreads = JniUtils.getNumThreads();
        boolean previousGrad = JniUtils.isGradMode();
        JniUtils.setNumThreads(params.threads());
        JniUtils.setGradMode(false);
        try (NDManager root = engine.newBaseManager(device); Parameters p = new Parameters(root)) {
            task.initialise(p, new SplittableRandom(params.seed()));
            Adam adam = new Adam(p, params.weightDecay(), params.adamBeta2(), params.clipGradient());
            Run run = new Run();
            boolean resumed = false;
            if (file != null && Files.isRegularFile(file)) {
                Checkpoint c = Checkpoint.read(file, algorithm, key, params::comparableKey);
                p.load(c.weights());
                adam.restore(c.adam());
                run.restore(c);
                run.stoppedEarly = params.patience() > 0 && c.bad() >= params.patience();
                run.stoppedByBudget = c.stoppedByBudget();
                run.finished = run.stoppedEarly || run.stoppedByBudget || c.epochsDone() >= params.epochs();
                resumed = true;
                LOG.info("{}: resumed from {} after epoch {}{}", algorithm, file, c.epochsDone(),
                        run.stoppedByBudget ? " (finished: stopped by its time budget; remove the checkpoint to train "
                                + "again)" : run.finished ? " (finished)" : "");
            }
            LOG.info("{}: {} examples, {} parameters, batch {}, {} epochs, device {}, {} threads{}", algorithm, n,
                    p.size(), params.batchSize(), params.epochs(), device, params.threads(),
                    validator == null ? "" : ", validating " + validator.metric() + " on " + validator.users()
                            + " users every " + params.validEvery() + " epochs");
            int perEpoch = Minibatches.count(n, params.batchSize());
            long totalSteps = (long) perEpoch * params.epochs();
            long start = System.nanoTime();
            for (int epoch = run.epochsDone; epoch < params.epochs() && !run.finished; epoch++) {
                long t0 = System.nanoTime();
                SplittableRandom rnd = new SplittableRandom(mix(params.seed(), epoch));
                int[][] batches = task.batches(params.batchSize(), rnd);
                if (batches.length != perEpoch) {
                    throw new IllegalStateException(algorithm + " made " + batches.length + " batches of "
                            + params.batchSize() + " from " + n + " examples, expected " + perEpoch);
                }
                task.startEpoch(epoch, adam.steps());
                double lossSum = 0;
                double lr = 0;
                int skipped = 0;
                int trained = 0;
                int seen = 0;
                int done = batches.length;
                boolean budgetStop = false;
                for (int b = 0; b < batches.length; b++) {
                    engine.setRandomSeed((int) mix(mix(params.seed(), epoch), b));
                    lr = params.learningRateAt(adam.steps(), perEpoch, totalSteps);
                    String fault;
                    try {
                        double batchLoss = step(engine, task, p, adam, batches[b], rnd, lr);
                        fault = Double.isFinite(batchLoss) ? null : "loss " + batchLoss;
                        if (fault == null) {
                            lossSum += batchLoss * batches[b].length;
                            trained += batches[b].length;
                        }
                    } catch (Adam.NonFiniteGradientException e) {
                        adam.discardGradients();
                        fault = e.getMessage();
                    }
                    if (fault != null) {
                        String where = " in batch " + (b + 1) + " of epoch " + (epoch + 1) + " at learning rate " + lr;
                        if (++skipped > params.skipNonFinite()) {
                            throw new IllegalStateException(algorithm + " diverged: " + fault + where + " ("
                                    + params.skipNonFinite() + " such batches skipped already this epoch; the weights "
                                    + "were not updated and the checkpoint of the last finished epoch is intact); "
                                    + "lower the learning rate or add weightDecay");
                        }
                        LOG.warn("{}: skipped a batch: {}{} (no update; {} of skipNonFinite={} this epoch)", algorithm,
                                fault, where, skipped, params.skipNonFinite());
                    }
                    seen += batches[b].length;
                    listener.onBatch(epoch + 1, b + 1, batches.length);
                    data.progress().progress(algorithm + " epoch " + (epoch + 1) + "/" + params.epochs(), b + 1,
                            batches.length);
                    boolean lastOfRun = b + 1 == batches.length && epoch + 1 == params.epochs();
                    if (params.timeBudget() > 0 && !lastOfRun
                            && (System.nanoTime() - start) / 1e9 > params.timeBudget()) {
                        done = b + 1;
                        budgetStop = true;
                        LOG.info(String.format(Locale.ROOT, "%s: time budget %s s reached after batch %,d of %,d in "
                                        + "epoch %d (%.1f%% of the epoch); training stops", algorithm,
                                BigDecimal.valueOf(params.timeBudget()).stripTrailingZeros().toPlainString(), done,
                                batches.length, epoch + 1, 100.0 * done / batches.length));
                        break;
                    }
                }
                double loss = lossSum / Math.max(1, trained);
                if (trained == 0 || !Double.isFinite(loss)) {
                    throw new IllegalStateException(algorithm + " diverged: " + (trained == 0 ? "every batch of epoch "
                            + (epoch + 1) + " was skipped" : "mean loss " + loss + " in epoch " + (epoch + 1))
                            + " with learningRate=" + params.learningRate() + "; lower the learning rate");
                }
                long t1 = System.nanoTime();
                double metric = Double.NaN;
                boolean validate = validator != null
                        && ((epoch + 1) % params.validEvery() == 0 || epoch + 1 == params.epochs() || budgetStop);
                if (validate) {
                    Weights now = p.toWeights();
                    metric = validate(task, validator, now);
                    if (!(metric <= run.bestMetric)) {
                        run.best = now;
                        run.bestMetric = metric;
                        run.bestEpoch = epoch + 1;
                        run.bad = 0;
                    } else {
                        run.bad++;
                        if (params.patience() > 0 && run.bad >= params.patience()) {
                            run.finished = true;
                            run.stoppedEarly = true;
                        }
                    }
                }
                long t2 = System.nanoTime();
                run.epochsDone = epoch + 1;
                if (run.epochsDone == params.epochs() || budgetStop) {
                    run.finished = true;
                }
                run.stoppedByBudget = budgetStop;
                EpochReport r = new EpochReport(epoch + 1, params.epochs(), loss, lr,
                        validator == null ? "" : validator.metric(), metric,
                        run.best == null ? Double.NaN : run.bestMetric, run.bestEpoch, (t1 - t0) / 1e9,
                        (t2 - t1) / 1e9, seen, (double) done / batches.length, budgetStop);
                run.history.add(r);
                if (file != null && (run.epochsDone % params.checkpointEvery() == 0 || run.finished)) {
                    new Checkpoint(key, params.seed(), run.epochsDone, run.finished, p.toWeights(), adam.state(),
                            run.best, run.bestMetric, run.bestEpoch, run.bad, run.history)
                            .write(file, algorithm, data.fingerprint());
                }
                if (params.log()) {
                    log(r, run.stoppedEarly);
                }
                listener.onEpoch(r);
            }
            Weights result = run.best != null ? run.best : p.toWeights();
            int bestEpoch = run.best != null ? run.bestEpoch : run.epochsDone;
            return new Result(result, run.history, bestEpoch, run.best != null ? run.bestMetric : Double.NaN,
                    run.stoppedEarly, run.stoppedByBudget, resumed);
        } finally {
            JniUtils.setNumThreads(previousThreads);
            JniUtils.setGradMode(previousGrad);
        }
    }

    private static double step(Engine engine, TrainingTask task, Parameters p, Adam adam, int[] batch,
                               SplittableRandom rnd, double lr) {
        try (NDManager batchManager = p.manager().newSubManager(); NDScope scope = new NDScope()) {
            float loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray l = task.loss(p, batchManager, batch, rnd);
                loss = l.getFloat();
                if (!Float.isFinite(loss)) {
                    return loss;
                }
                collector.backward(l);
            }
            adam.step(lr);
            scope.suppressNotUsedWarning();
            return loss;
        }
    }

    private static double validate(TrainingTask task, Validator validator, Weights weights) {
        Recommender model = task.snapshot(weights);
        try {
            return validator.evaluate(model);
        } finally {
            if (model instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot free a validation snapshot: " + e.getMessage(), e);
                }
            }
        }
    }

    private void log(EpochReport r, boolean stoppedEarly) {
        String valid = Double.isNaN(r.validation()) ? "" : String.format(Locale.ROOT,
                ", valid %s %.4f (best %.4f @%d, %.1f s)", r.metric(), r.validation(), r.best(), r.bestEpoch(),
                r.validSeconds());
        String part = r.fraction() < 1 ? String.format(Locale.ROOT, " (%.1f%% of it)", 100 * r.fraction()) : "";
        LOG.info(String.format(Locale.ROOT, "%s epoch %d/%d%s: loss %.4f, lr %.3g, %.1f s (%,.0f examples/s)%s%s%s",
                algorithm, r.epoch(), r.epochs(), part, r.loss(), r.learningRate(), r.trainSeconds(),
                r.examplesPerSecond(), valid, stoppedEarly ? "; stopping early" : "",
                r.stoppedByBudget() ? "; time budget spent" : ""));
    }

    /** Mutable state of one training run. */
    private static final class Run {
        int epochsDone;
        boolean finished;
        boolean stoppedEarly;
        boolean stoppedByBudget;
        Weights best;
        double bestMetric = Double.NaN;
        int bestEpoch;
        int bad;
        final List<EpochReport> history = new ArrayList<>();

        void restore(Checkpoint c) {
            epochsDone = c.epochsDone();
            finished = c.finished();
            best = c.best();
            bestMetric = c.bestMetric();
            bestEpoch = c.bestEpoch();
            bad = c.bad();
            history.addAll(c.history());
        }
    }
}
