package io.shoplens.recommend.deep.train;

import io.shoplens.core.model.Params;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The training settings every deep model shares, read by each model's own parameter record with
 * {@link #from(Params, TrainingParams)} so the keys are the same everywhere.
 *
 * <p>Optimiser: Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) with
 * β₁ = 0.9, β₂ = 0.999, ε = 1e-8. Learning-rate schedule: linear warm-up from 0 over {@code warmupEpochs}, then
 * constant, linear decay to 0 or cosine decay to 0 at the last epoch.
 *
 * @param epochs          maximum number of passes over the training examples, in [1, 100000]
 * @param batchSize       examples per mini-batch, in [1, 65536]
 * @param learningRate    peak Adam step size, in (0, 10]
 * @param schedule        {@code constant}, {@code linear} or {@code cosine} decay after warm-up
 * @param warmupEpochs    epochs of linear warm-up (may be fractional), in [0, epochs]
 * @param weightDecay     L2 penalty coefficient added to the gradient of every weight (Adam, not AdamW), in
 *                        [0, 1]
 * @param adamBeta2       Adam's decay of the second-moment estimate β₂, in [0.5, 1); 0.999 is Adam's default, the
 *                        SASRec paper uses 0.98 (shorter memory of gradient scale)
 * @param clipGradient    each gradient element is clipped to [−clipGradient, clipGradient] before the Adam
 *                        update (guards against rare exploding steps); 0 turns clipping off, in [0, 1e6]
 * @param skipNonFinite   batches per epoch whose loss or gradient holds an infinity or NaN that are skipped (no
 *                        update, a warning naming the tensors) before training fails as diverged; a model that
 *                        really diverges fails within an epoch, while a rare transient fault does not end a long
 *                        run, in [0, 1000000]
 * @param validEvery      evaluate the validation metric every this many epochs (and after the last); 0 turns
 *                        validation and early stopping off
 * @param patience        stop after this many validations without improvement and keep the best weights; 0
 *                        keeps training to {@code epochs} (the best weights are still the ones returned)
 * @param validMetric     metric watched on the validation part, e.g. {@code NDCG@10} or {@code HR@10}
 * @param validUsers      at most this many validation users (a seeded sample) are scored per validation; 0 = all
 * @param seed            seed of initialisation, shuffling, negative sampling and dropout
 * @param threads         PyTorch intra-op threads during training and evaluation threads for validation, in
 *                        [1, 1024]
 * @param device          {@code auto} (first GPU when the engine sees one, else CPU), {@code cpu} or {@code gpu}
 * @param checkpointDir   folder for the resumable checkpoint, or empty for none; a matching checkpoint there is
 *                        resumed; the checkpoint of a finished run stays, so running again returns the same
 *                        weights at once; with the constant schedule a checkpoint also resumes under another
 *                        number of epochs (see {@link #comparableKey})
 * @param checkpointEvery write the checkpoint every this many epochs, at least 1
 * @param timeBudget      wall-clock budget of the training in seconds, in [0, 1e7]; 0 = none. The clock starts at
 *                        the first batch of this run (building the model, estimating its memory and resuming a
 *                        checkpoint are not counted, and a resumed run has the whole budget again). The elapsed time
 *                        is compared with the budget after every batch; once it is exceeded the epoch ends after
 *                        that batch (a partial epoch whose loss is the mean over the batches done), is validated
 *                        when validation is on, as a last epoch would be, and training ends with
 *                        {@link Fitter.Result#stoppedByBudget()} set and the part of the epoch done in
 *                        {@link EpochReport#fraction()}. The learning-rate schedule still spans {@code epochs}. A
 *                        partial epoch cannot be resumed exactly, so the checkpoint of a budget-stopped run is
 *                        written as finished: running again with the same {@code checkpointDir} returns the same
 *                        weights at once, whatever the budget (remove the checkpoint to train again). The budget
 *                        is not part of {@link #weightsKey()}, so the checkpoint of an epoch finished within the
 *                        budget resumes under any budget
 * @param log             log one line per epoch (loss, validation metric, seconds) through SLF4J
 */
public record TrainingParams(int epochs, int batchSize, double learningRate, String schedule, double warmupEpochs,
                             double weightDecay, double adamBeta2, double clipGradient, int skipNonFinite,
                             int validEvery, int patience,
                             String validMetric, int validUsers,
                             long seed, int threads, String device, String checkpointDir, int checkpointEvery,
                             double timeBudget, boolean log) {
    /** Schedules. */
    public static final String[] SCHEDULES = {"constant", "linear", "cosine"};
    /** Devices. */
    public static final String[] DEVICES = {"auto", "cpu", "gpu"};

    public TrainingParams {
        check(epochs >= 1 && epochs <= 100_000, "epochs", epochs, "in [1, 100000]");
        check(batchSize >= 1 && batchSize <= 65_536, "batchSize", batchSize, "in [1, 65536]");
        check(learningRate > 0 && learningRate <= 10, "learningRate", learningRate, "in (0, 10]");
        check(java.util.List.of(SCHEDULES).contains(schedule), "schedule", schedule, "constant, linear or cosine");
        check(warmupEpochs >= 0 && warmupEpochs <= epochs, "warmupEpochs", warmupEpochs, "in [0, epochs]");
        check(weightDecay >= 0 && weightDecay <= 1, "weightDecay", weightDecay, "in [0, 1]");
        check(adamBeta2 >= 0.5 && adamBeta2 < 1, "adamBeta2", adamBeta2, "in [0.5, 1)");
        check(clipGradient >= 0 && clipGradient <= 1e6, "clipGradient", clipGradient, "in [0, 1e6]");
        check(skipNonFinite >= 0 && skipNonFinite <= 1_000_000, "skipNonFinite", skipNonFinite, "in [0, 1000000]");
        check(validEvery >= 0, "validEvery", validEvery, ">= 0");
        check(patience >= 0, "patience", patience, ">= 0");
        check(validMetric != null && validMetric.matches("[A-Za-z]+(@\\d+)?"), "validMetric", validMetric,
                "a metric name such as NDCG@10");
        check(validUsers >= 0, "validUsers", validUsers, ">= 0");
        check(threads >= 1 && threads <= 1024, "threads", threads, "in [1, 1024]");
        check(java.util.List.of(DEVICES).contains(device), "device", device, "auto, cpu or gpu");
        check(checkpointDir != null, "checkpointDir", checkpointDir, "a folder or empty");
        check(checkpointEvery >= 1, "checkpointEvery", checkpointEvery, ">= 1");
        check(timeBudget >= 0 && timeBudget <= 1e7, "timeBudget", timeBudget, "in [0, 1e7] seconds (0 = no budget)");
    }

    private static void check(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("training parameter " + key + "=" + value + " must be " + expected);
        }
    }

    /** Defaults for a model: its epochs, batch size and learning rate; the rest shared. */
    public static TrainingParams defaults(int epochs, int batchSize, double learningRate) {
        return new TrainingParams(epochs, batchSize, learningRate, "constant", 0, 0, Adam.DEFAULT_BETA2, 0, 3, 5, 5,
                "NDCG@10", 0, 42, Math.max(1, Runtime.getRuntime().availableProcessors()), "auto", "", 1, 0, true);
    }

    /** Reads the shared keys from {@code p} (the caller still calls {@link Params#requireAllKnown()}). */
    public static TrainingParams from(Params p, TrainingParams d) {
        int epochs = p.intValue("epochs", d.epochs, 1, 100_000);
        return new TrainingParams(epochs,
                p.intValue("batchSize", d.batchSize, 1, 65_536),
                p.doubleValue("learningRate", d.learningRate, Double.MIN_VALUE, 10),
                p.choice("schedule", d.schedule, SCHEDULES),
                p.doubleValue("warmupEpochs", d.warmupEpochs, 0, epochs),
                p.doubleValue("weightDecay", d.weightDecay, 0, 1),
                p.doubleValue("adamBeta2", d.adamBeta2, 0.5, 0.999999),
                p.doubleValue("clipGradient", d.clipGradient, 0, 1e6),
                p.intValue("skipNonFinite", d.skipNonFinite, 0, 1_000_000),
                p.intValue("validEvery", d.validEvery, 0, Integer.MAX_VALUE),
                p.intValue("patience", d.patience, 0, Integer.MAX_VALUE),
                p.text("validMetric", d.validMetric),
                p.intValue("validUsers", d.validUsers, 0, Integer.MAX_VALUE),
                p.longValue("seed", d.seed),
                p.intValue("threads", d.threads, 1, 1024),
                p.choice("device", d.device, DEVICES),
                p.text("checkpointDir", d.checkpointDir),
                p.intValue("checkpointEvery", d.checkpointEvery, 1, Integer.MAX_VALUE),
                p.doubleValue("timeBudget", d.timeBudget, 0, 1e7),
                p.booleanValue("log", d.log));
    }

    /** Adds every shared key to {@code m}, for provenance. */
    public void putInto(Map<String, String> m) {
        m.put("epochs", Integer.toString(epochs));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("learningRate", Double.toString(learningRate));
        m.put("schedule", schedule);
        m.put("warmupEpochs", Double.toString(warmupEpochs));
        m.put("weightDecay", Double.toString(weightDecay));
        m.put("adamBeta2", Double.toString(adamBeta2));
        m.put("clipGradient", Double.toString(clipGradient));
        m.put("skipNonFinite", Integer.toString(skipNonFinite));
        m.put("validEvery", Integer.toString(validEvery));
        m.put("patience", Integer.toString(patience));
        m.put("validMetric", validMetric);
        m.put("validUsers", Integer.toString(validUsers));
        m.put("seed", Long.toString(seed));
        m.put("threads", Integer.toString(threads));
        m.put("device", device);
        m.put("checkpointDir", checkpointDir);
        m.put("checkpointEvery", Integer.toString(checkpointEvery));
        m.put("timeBudget", Double.toString(timeBudget));
        m.put("log", Boolean.toString(log));
    }

    /** The checkpoint folder, or null. */
    public Path checkpointPath() {
        return checkpointDir.isBlank() ? null : Path.of(checkpointDir);
    }

    /**
     * The learning rate at optimiser step {@code step} (0-based) of {@code totalSteps}, with
     * {@code stepsPerEpoch} steps per epoch.
     */
    public double learningRateAt(long step, long stepsPerEpoch, long totalSteps) {
        double warm = warmupEpochs * stepsPerEpoch;
        if (step < warm) {
            return learningRate * (step + 1) / warm;
        }
        double span = Math.max(1, totalSteps - warm);
        double progress = Math.min(1, (step - warm) / span);
        return switch (schedule) {
            case "linear" -> learningRate * (1 - progress);
            case "cosine" -> learningRate * 0.5 * (1 + Math.cos(Math.PI * progress));
            default -> learningRate;
        };
    }

    /** A copy with other epochs (warm-up clipped to them). */
    public TrainingParams withEpochs(int e) {
        return new TrainingParams(e, batchSize, learningRate, schedule, Math.min(warmupEpochs, e), weightDecay,
                adamBeta2, clipGradient, skipNonFinite, validEvery, patience, validMetric, validUsers, seed, threads,
                device, checkpointDir, checkpointEvery, timeBudget, log);
    }

    /** A copy with another checkpoint folder. */
    public TrainingParams withCheckpointDir(String dir) {
        return new TrainingParams(epochs, batchSize, learningRate, schedule, warmupEpochs, weightDecay, adamBeta2,
                clipGradient, skipNonFinite, validEvery, patience, validMetric, validUsers, seed, threads, device, dir,
                checkpointEvery, timeBudget, log);
    }

    /**
     * A checkpoint key with what may differ between compatible runs removed: with the constant schedule the number
     * of epochs does not change the weights of the epochs both runs share, so a checkpoint can be resumed with more
     * epochs (training continues) or fewer (training ends at once with the best weights validated so far).
     */
    public String comparableKey(String key) {
        return "constant".equals(schedule) ? key.replaceAll("epochs=\\d+ ", "epochs=* ") : key;
    }

    /**
     * The settings that change the trained weights, as text: what a checkpoint must match to be resumed (threads,
     * device, logging, checkpoint placement, the time budget and the allowance of skipped non-finite batches are
     * left out).
     */
    public String weightsKey() {
        return String.format(Locale.ROOT, "epochs=%d batch=%d lr=%s schedule=%s warmup=%s wd=%s valid=%d/%d/%s/%d "
                        + "seed=%d", epochs, batchSize, learningRate, schedule, warmupEpochs, weightDecay, validEvery,
                patience, validMetric, validUsers, seed) + (clipGradient > 0 ? " clip=" + clipGradient : "")
                + (adamBeta2 != Adam.DEFAULT_BETA2 ? " beta2=" + adamBeta2 : "");
    }
}
