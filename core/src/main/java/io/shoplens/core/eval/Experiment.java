package io.shoplens.core.eval;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.memory.HeapMeter;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.memory.MemoryGuard;
import io.shoplens.core.model.ProgressListener;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.split.Split;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains models on one split of one data set and evaluates each on validation (train history) and test
 * (train + validation history) under one protocol. The split is made once, so every model of a leaderboard sees
 * the same data.
 */
public final class Experiment {
    private static final Logger LOG = LoggerFactory.getLogger(Experiment.class);

    private final Dataset data;
    private final Protocol protocol;
    private final Evaluator evaluator;
    private final Split split;
    private final int threads;
    private final boolean scoresValidation;

    /** Splits {@code data} as {@code protocol} says; evaluation uses {@code threads} threads. */
    public Experiment(Dataset data, Protocol protocol, int threads) {
        this(data, protocol, threads, protocol.splitter(data.events()).split(data.events()));
        LOG.info("split {}: {} train events, {} validation users, {} test users", split.name(),
                split.train().numEvents(), split.validation().size(), split.test().size());
    }

    private Experiment(Dataset data, Protocol protocol, int threads, Split split) {
        this(data, protocol, threads, split, true);
    }

    private Experiment(Dataset data, Protocol protocol, int threads, Split split, boolean scoresValidation) {
        this.scoresValidation = scoresValidation;
        this.data = data;
        this.protocol = protocol;
        this.evaluator = new Evaluator(protocol, threads);
        this.split = split;
        this.threads = threads;
        if (split.test().size() == 0) {
            throw new IllegalArgumentException("the " + protocol.split() + " split of " + data.name()
                    + " leaves no user to evaluate; the data has too few events per user");
        }
    }

    /**
     * The same data and split evaluated under {@code other}, which must split alike (same split kind and seed) and
     * may differ in candidates and K: a model trained by one experiment can then be evaluated by both.
     */
    public Experiment onSameSplit(Protocol other) {
        if (!other.split().equals(protocol.split()) || other.seed() != protocol.seed()) {
            throw new IllegalArgumentException("protocol " + other.name() + " (split " + other.split() + ", seed "
                    + other.seed() + ") does not split like " + protocol.name() + " (split " + protocol.split()
                    + ", seed " + protocol.seed() + ")");
        }
        return new Experiment(data, other, threads, split, scoresValidation);
    }

    /**
     * This experiment scoring the test part only: reports carry no validation metrics (their validation user count
     * is 0). Halves the evaluation of a benchmark that prints test figures alone; training still sees the
     * validation part where a trainer stops early on it.
     */
    public Experiment testOnly() {
        return new Experiment(data, protocol, threads, split, false);
    }

    /** Users evaluated on {@code part}: the protocol's sample of the part's users. */
    public int evaluatedUsers(Evaluator.Part part) {
        int all = (part == Evaluator.Part.VALIDATION ? split.validation() : split.test()).size();
        return protocol.evalUsers() == 0 ? all : Math.min(all, protocol.evalUsers());
    }

    /** The split every model is evaluated on. */
    public Split split() {
        return split;
    }

    /** The protocol. */
    public Protocol protocol() {
        return protocol;
    }

    /** The data set. */
    public Dataset data() {
        return data;
    }

    /** What {@link #run} produces: the report and the trained model. */
    public record Outcome(ExperimentReport report, Recommender model) {
    }

    /**
     * Trains with {@code trainer} on the train part and evaluates; {@code progress} (nullable) hears about users
     * evaluated.
     */
    public Outcome run(String modelName, Trainer<?> trainer, LongConsumer progress) {
        return run(modelName, trainer, ProgressListener.NONE, progress);
    }

    /**
     * Trains with {@code trainer} on the train part, {@code training} hearing the training's progress, after
     * checking its memory estimate against the free heap, and evaluates; {@code progress} (nullable) hears about
     * users evaluated.
     *
     * @throws io.shoplens.core.memory.InsufficientMemoryException when the estimate does not fit the heap
     */
    public Outcome run(String modelName, Trainer<?> trainer, ProgressListener training, LongConsumer progress) {
        TrainingData td = trainingData().withProgress(training);
        MemoryGuard.require(trainer.estimate(td));
        Recommender model;
        long peak;
        long t0;
        double trainSeconds;
        try (HeapMeter meter = HeapMeter.start(0)) {
            t0 = System.nanoTime();
            model = trainer.train(td);
            trainSeconds = (System.nanoTime() - t0) / 1e9;
            meter.close();
            peak = meter.peakBytes();
        }
        LOG.info("{} trained in {} s, peak heap {}", modelName, String.format(Locale.ROOT, "%.2f", trainSeconds),
                MemoryEstimate.gb(peak));
        return new Outcome(evaluate(modelName, model, trainSeconds, peak, progress), model);
    }

    /**
     * Evaluates {@code model}, trained on this experiment's train part (or that of an experiment on the same split,
     * see {@link #onSameSplit}) in {@code trainSeconds} with a peak heap of {@code trainPeakHeap} bytes (-1 when
     * not measured), on the validation and test parts.
     */
    public ExperimentReport evaluate(String modelName, Recommender model, double trainSeconds, long trainPeakHeap,
                                     LongConsumer progress) {
        EvaluationResult validation = scoresValidation
                ? evaluator.evaluate(model, split, Evaluator.Part.VALIDATION, progress)
                : new EvaluationResult(Evaluator.Part.VALIDATION.label(), protocol,
                split.name(), 0, Map.of(), Map.of(), 0);
        EvaluationResult test = evaluator.evaluate(model, split, Evaluator.Part.TEST, progress);
        LOG.info("{} under {}: test {}", modelName, protocol.name(), test.metrics());
        ExperimentReport.ProtocolInfo info = new ExperimentReport.ProtocolInfo(protocol.name(),
                protocol.describe(), split.name(), protocol.candidates().name().toLowerCase(Locale.ROOT),
                protocol.negatives(), protocol.sampling().name().toLowerCase(Locale.ROOT), protocol.ks(),
                protocol.seed(), validation.users(), test.users(), protocol.evalUsers());
        ExperimentReport.DatasetInfo dataset = new ExperimentReport.DatasetInfo(
                data.reports().get(0).file().toString(), data.sha256(), data.events().activeUsers(),
                data.events().numItems(), data.events().numEvents(), data.rejectedRows());
        return new ExperimentReport(modelName, model.provenance().params(), info, dataset,
                validation.metrics(), test.metrics(), validation.intervals(), test.intervals(), trainSeconds,
                trainPeakHeap, validation.seconds() + test.seconds());
    }

    /**
     * Trains with {@code trainer} and evaluates on the validation part only: what hyperparameter search uses, so
     * that the test part is never seen while choosing.
     */
    public EvaluationResult validate(Trainer<?> trainer, LongConsumer progress) {
        Recommender model = trainer.trainWithinHeap(trainingData());
        return evaluator.evaluate(model, split, Evaluator.Part.VALIDATION, progress);
    }

    /** The train part with the validation part attached, for trainers that stop early on validation. */
    public TrainingData trainingData() {
        return new TrainingData(split.train(), data.catalog(), fingerprint(),
                new TrainingData.Validation(split, protocol));
    }

    /** Identifies the training data: source hash and split. */
    public String fingerprint() {
        return data.sha256() + "/" + protocol.split() + "/seed=" + protocol.seed();
    }
}
