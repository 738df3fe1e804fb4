package io.shoplens.recommend.deep.train;

import io.shoplens.core.data.DataException;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Everything needed to continue training after epoch {@code epochsDone} exactly as an uninterrupted run would:
 * the weights, Adam's moments and step count, the early-stopping state and the random state. Random draws are
 * derived from (seed, epoch, batch), so the random state is the seed and the number of epochs done. Written
 * atomically through {@link ModelFiles} (a reader sees the previous checkpoint or the new one). A run stopped by
 * its time budget ends inside an epoch, which cannot be resumed exactly, so its checkpoint is finished.
 *
 * <p>Format: the provenance parameter {@code format} is {@value #FORMAT}; a checkpoint without it is of format 1,
 * whose history has no fraction and budget flag (it is read as whole epochs not stopped by a budget).
 *
 * @param key        the training configuration and data it belongs to; resuming under another key fails
 * @param seed       the training seed (the random state together with {@code epochsDone})
 * @param epochsDone epochs finished
 * @param finished   true when training ended (all epochs, stopped early or stopped by the time budget)
 * @param weights    current weights
 * @param adam       optimiser state
 * @param best       best weights by the validation metric, or null when never validated
 * @param bestMetric the best validation metric, or NaN
 * @param bestEpoch  epoch of {@code best} (1-based), or 0
 * @param bad        validations since the best one
 * @param history    one report per epoch done
 */
public record Checkpoint(String key, long seed, int epochsDone, boolean finished, Weights weights, Adam.State adam,
                         Weights best, double bestMetric, int bestEpoch, int bad, List<EpochReport> history) {
    /** The payload format written. */
    public static final int FORMAT = 2;

    public Checkpoint {
        history = List.copyOf(history);
    }

    /** True when the time budget ended the run of this checkpoint (its last epoch says so). */
    public boolean stoppedByBudget() {
        return !history.isEmpty() && history.get(history.size() - 1).stoppedByBudget();
    }

    /** The checkpoint file of {@code algorithm} in {@code dir}. */
    public static Path file(Path dir, String algorithm) {
        return dir.resolve(algorithm + ".checkpoint");
    }

    /** Writes this checkpoint for {@code algorithm} to {@code file} atomically. */
    public void write(Path file, String algorithm, String dataFingerprint) {
        Provenance p = new Provenance(algorithm + "-checkpoint", Map.of("key", key, "format",
                Integer.toString(FORMAT)), dataFingerprint, seed,
                Provenance.shoplensVersion(), Instant.now(), 0);
        ModelFiles.write(file, p, this::payload);
    }

    private void payload(DataOutputStream out) throws IOException {
        out.writeUTF(key);
        out.writeLong(seed);
        out.writeInt(epochsDone);
        out.writeBoolean(finished);
        weights.write(out);
        adam.mean().write(out);
        adam.variance().write(out);
        out.writeLong(adam.step());
        out.writeBoolean(best != null);
        if (best != null) {
            best.write(out);
        }
        out.writeDouble(bestMetric);
        out.writeInt(bestEpoch);
        out.writeInt(bad);
        out.writeInt(history.size());
        for (EpochReport r : history) {
            out.writeInt(r.epoch());
            out.writeInt(r.epochs());
            out.writeDouble(r.loss());
            out.writeDouble(r.learningRate());
            out.writeUTF(r.metric());
            out.writeDouble(r.validation());
            out.writeDouble(r.best());
            out.writeInt(r.bestEpoch());
            out.writeDouble(r.trainSeconds());
            out.writeDouble(r.validSeconds());
            out.writeInt(r.examples());
            out.writeDouble(r.fraction());
            out.writeBoolean(r.stoppedByBudget());
        }
    }

    /**
     * Reads the checkpoint of {@code algorithm}; fails with a sentence when its key, compared through
     * {@code comparable}, is not {@code key}'s.
     */
    public static Checkpoint read(Path file, String algorithm, String key, UnaryOperator<String> comparable) {
        Checkpoint c = ModelFiles.read(file, algorithm + "-checkpoint", (in, prov) -> read(in,
                Integer.parseInt(prov.params().getOrDefault("format", "1"))));
        if (!comparable.apply(c.key).equals(comparable.apply(key))) {
            throw new DataException("checkpoint " + file + " belongs to another training run (" + c.key
                    + "), not this one (" + key + "); remove it or choose another checkpointDir");
        }
        return c;
    }

    private static Checkpoint read(DataInputStream in, int format) throws IOException {
        if (format < 1 || format > FORMAT) {
            throw new IOException("unknown checkpoint format " + format + "; this version reads formats 1 to "
                    + FORMAT);
        }
        String key = in.readUTF();
        long seed = in.readLong();
        int epochsDone = in.readInt();
        boolean finished = in.readBoolean();
        Weights weights = Weights.read(in);
        Weights mean = Weights.read(in);
        Weights variance = Weights.read(in);
        long step = in.readLong();
        Weights best = in.readBoolean() ? Weights.read(in) : null;
        double bestMetric = in.readDouble();
        int bestEpoch = in.readInt();
        int bad = in.readInt();
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("corrupt checkpoint: " + n + " epochs of history");
        }
        List<EpochReport> history = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            EpochReport r = new EpochReport(in.readInt(), in.readInt(), in.readDouble(), in.readDouble(),
                    in.readUTF(), in.readDouble(), in.readDouble(), in.readInt(), in.readDouble(), in.readDouble(),
                    in.readInt(), 1, false);
            if (format >= 2) {
                r = new EpochReport(r.epoch(), r.epochs(), r.loss(), r.learningRate(), r.metric(), r.validation(),
                        r.best(), r.bestEpoch(), r.trainSeconds(), r.validSeconds(), r.examples(), in.readDouble(),
                        in.readBoolean());
            }
            history.add(r);
        }
        return new Checkpoint(key, seed, epochsDone, finished, weights, new Adam.State(mean, variance, step), best,
                bestMetric, bestEpoch, bad, history);
    }
}
