package io.shoplens.recommend.deep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.model.Params;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.split.LeaveOneOut;
import io.shoplens.core.split.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitterTest {
    /** 60 users with 6 to 11 events each over 40 items with a skewed (Zipf-like) popularity. */
    static InteractionStore skewed() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        SplittableRandom rnd = new SplittableRandom(7);
        long t = 1_500_000_000L;
        for (int u = 0; u < 60; u++) {
            int n = 6 + rnd.nextInt(6);
            for (int k = 0; k < n; k++) {
                int item = (int) Math.floor(40 * Math.pow(rnd.nextDouble(), 2.5));
                b.event(u, item, 1, Behavior.PV, t++);
            }
        }
        return b.build();
    }

    static TrainingParams params(int epochs, String checkpointDir, int validEvery, int patience) {
        return params(epochs, checkpointDir, validEvery, patience, Map.of());
    }

    static TrainingParams params(int epochs, String checkpointDir, int validEvery, int patience,
                                 Map<String, String> more) {
        Map<String, String> m = new HashMap<>(more);
        m.put("checkpointDir", checkpointDir);
        m.put("validEvery", Integer.toString(validEvery));
        m.put("patience", Integer.toString(patience));
        m.put("threads", "1");
        m.put("device", "cpu");
        m.put("log", "false");
        Params p = Params.of("test", m);
        TrainingParams r = TrainingParams.from(p, TrainingParams.defaults(epochs, 16, 0.05));
        p.requireAllKnown();
        return r;
    }

    private static TrainingData data(InteractionStore all) {
        Split split = new LeaveOneOut().split(all);
        return new TrainingData(split.train(), ItemCatalog.empty(all.numItems()), "skewed/loo",
                new TrainingData.Validation(split, Protocol.parse("loo-full")));
    }

    @Test
    void resumingFromACheckpointGivesTheSameWeightsAsAnUninterruptedRun(@TempDir Path dir) {
        TrainingData data = data(skewed());
        Fitter.Result straight = new Fitter("bias", params(5, dir.resolve("a").toString(), 1, 0),
                TrainingListener.NONE).fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k");
        TrainingListener crash = new TrainingListener() {
            @Override
            public void onEpoch(EpochReport report) {
                if (report.epoch() == 2) {
                    throw new IllegalStateException("simulated crash after epoch 2");
                }
            }
        };
        TrainingParams interrupted = params(5, dir.resolve("b").toString(), 1, 0);
        assertThrows(IllegalStateException.class, () -> new Fitter("bias", interrupted, crash)
                .fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k"));
        assertTrue(Files.isRegularFile(Checkpoint.file(dir.resolve("b"), "bias")));
        Fitter.Result resumed = new Fitter("bias", interrupted, TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k");
        assertTrue(resumed.resumed());
        assertFalse(straight.resumed());
        assertTrue(straight.weights().sameAs(resumed.weights()), "resumed weights differ from the uninterrupted run");
        assertEquals(5, resumed.history().size());
        for (int e = 0; e < 5; e++) {
            assertEquals(straight.history().get(e).loss(), resumed.history().get(e).loss(), 0.0);
            assertEquals(straight.history().get(e).validation(), resumed.history().get(e).validation(), 0.0);
        }
        Fitter.Result again = new Fitter("bias", interrupted, TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k");
        assertTrue(again.weights().sameAs(straight.weights()), "a finished checkpoint returns the same weights");
    }

    @Test
    void aFinishedRunExtendedToMoreEpochsEqualsTheLongerRunAndFewerEpochsEndAtOnce(@TempDir Path dir) {
        TrainingData data = data(skewed());
        Fitter.Result four = new Fitter("bias", params(4, dir.resolve("a").toString(), 1, 0), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k");
        String b = dir.resolve("b").toString();
        Fitter.Result two = new Fitter("bias", params(2, b, 1, 0), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k");
        Fitter.Result extended = new Fitter("bias", params(4, b, 1, 0), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k");
        assertTrue(extended.resumed());
        assertTrue(four.weights().sameAs(extended.weights()), "2 + 2 epochs differ from 4 epochs");
        Fitter.Result shorter = new Fitter("bias", params(3, b, 1, 0), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k");
        assertEquals(4, shorter.history().size(), "a checkpoint past the asked epochs ends at once");
        assertTrue(shorter.weights().sameAs(four.weights()));
        assertEquals(2, two.history().size());
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedDifferent() {
        TrainingData data = data(skewed());
        Fitter.Result a = new Fitter("bias", params(3, "", 0, 0), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "popularity", 0.3f), data, "k");
        Fitter.Result b = new Fitter("bias", params(3, "", 0, 0), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "popularity", 0.3f), data, "k");
        TrainingParams other = params(3, "", 0, 0, Map.of("seed", "43"));
        Fitter.Result c = new Fitter("bias", other, TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "popularity", 0.3f), data, "k");
        assertTrue(a.weights().sameAs(b.weights()));
        assertFalse(a.weights().sameAs(c.weights()));
    }

    @Test
    void lossFallsAndTheModelLearnsPopularity() {
        InteractionStore all = skewed();
        TrainingData data = data(all);
        Fitter.Result r = new Fitter("bias", params(20, "", 0, 0), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0f), data, "k");
        List<EpochReport> h = r.history();
        assertTrue(h.get(h.size() - 1).loss() < 0.9 * h.get(0).loss(), "loss " + h.get(0).loss() + " -> "
                + h.get(h.size() - 1).loss());
        float[] bias = r.weights().get("bias").values();
        assertTrue(bias[0] > bias[35], "the most popular item should get a larger bias than a rare one");
    }

    @Test
    void everyBatchIsReportedToTheTrainingDataProgressListenerByEpoch() {
        List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        TrainingData data = data(skewed()).withProgress((step, done, total) -> heard.add(step + " " + done + "/"
                + total));
        Fitter.Result r = new Fitter("bias", params(2, "", 0, 0), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0f), data, "k");
        assertEquals(2, r.history().size());
        assertFalse(heard.isEmpty());
        String batches = heard.get(0).substring(heard.get(0).lastIndexOf('/') + 1);
        assertEquals("bias epoch 1/2 1/" + batches, heard.get(0));
        assertEquals("bias epoch 2/2 " + batches + "/" + batches, heard.get(heard.size() - 1));
        assertEquals(2 * Integer.parseInt(batches), heard.size(), "one call per batch");
    }

    @Test
    void earlyStoppingKeepsTheBestValidatedWeights() {
        TrainingData data = data(skewed());
        Fitter.Result r = new Fitter("bias", params(30, "", 1, 2), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0f), data, "k");
        double best = r.history().stream().mapToDouble(EpochReport::validation).max().orElseThrow();
        assertEquals(best, r.bestMetric(), 0.0);
        assertEquals(best, r.history().get(r.bestEpoch() - 1).validation(), 0.0);
        if (r.stoppedEarly()) {
            assertTrue(r.history().size() < 30);
            assertEquals(r.bestEpoch() + 2, r.history().size());
        }
        ItemBiasTask.Biases model = new ItemBiasTask.Biases(r.weights().get("bias").values());
        double again = Validator.of(data, params(30, "", 1, 2)).evaluate(model);
        assertEquals(best, again, 1e-12);
    }

    @Test
    void aCheckpointOfOtherSettingsIsRefused(@TempDir Path dir) {
        TrainingData data = data(skewed());
        new Fitter("bias", params(2, dir.toString(), 0, 0), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0f), data, "k");
        DataException e = assertThrows(DataException.class, () -> new Fitter("bias", params(2, dir.toString(), 0, 0),
                TrainingListener.NONE).fit(new ItemBiasTask(data.events(), "uniform", 0f), data, "another network"));
        assertTrue(e.getMessage().contains("another training run"), e.getMessage());
    }

    @Test
    void aSpentTimeBudgetEndsTrainingAfterTheFirstBatchAndItsCheckpointIsFinished(@TempDir Path dir) {
        TrainingData data = data(skewed());
        ItemBiasTask task = new ItemBiasTask(data.events(), "uniform", 0.2f);
        int batches = Minibatches.count(task.numExamples(), 16);
        assertTrue(batches > 1, "the test needs several batches an epoch, got " + batches);
        List<int[]> seen = new ArrayList<>();
        TrainingListener progress = new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int of) {
                seen.add(new int[] {epoch, batch, of});
            }
        };
        TrainingParams budget = params(50, dir.toString(), 5, 0, Map.of("timeBudget", "1e-9"));
        Fitter.Result r = new Fitter("bias", budget, progress).fit(task, data, "k");
        assertTrue(r.stoppedByBudget());
        assertFalse(r.stoppedEarly());
        assertFalse(r.resumed());
        assertEquals(1, r.history().size(), "one partial epoch of 50");
        assertEquals(1, seen.size(), "one batch ran");
        assertArrayEquals(new int[] {1, 1, batches}, seen.get(0));
        EpochReport e = r.history().get(0);
        assertTrue(e.stoppedByBudget());
        assertEquals(1.0 / batches, e.fraction(), 1e-12);
        assertEquals(16, e.examples());
        assertTrue(Double.isFinite(e.loss()));
        assertTrue(Double.isFinite(e.validation()), "the partial epoch is validated although validEvery=5");
        assertEquals(1, r.bestEpoch());
        Fitter.Result again = new Fitter("bias", params(50, dir.toString(), 5, 0), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k");
        assertTrue(again.resumed());
        assertTrue(again.stoppedByBudget(), "the checkpoint remembers the budget stop");
        assertEquals(1, again.history().size(), "a budget-stopped checkpoint is finished, even without a budget");
        assertEquals(e.fraction(), again.history().get(0).fraction(), 0.0);
        assertTrue(again.weights().sameAs(r.weights()), "a rerun returns the budget-stopped weights at once");
    }

    @Test
    void noBudgetOrAnAmpleOneTrainsEveryEpochToTheSameWeights() {
        TrainingData data = data(skewed());
        Fitter.Result none = new Fitter("bias", params(4, "", 2, 0, Map.of("timeBudget", "0")),
                TrainingListener.NONE).fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k");
        Fitter.Result ample = new Fitter("bias", params(4, "", 2, 0, Map.of("timeBudget", "1e7")),
                TrainingListener.NONE).fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k");
        for (Fitter.Result r : List.of(none, ample)) {
            assertFalse(r.stoppedByBudget());
            assertEquals(4, r.history().size());
            for (EpochReport e : r.history()) {
                assertEquals(1.0, e.fraction(), 0.0);
                assertFalse(e.stoppedByBudget());
            }
        }
        assertTrue(none.weights().sameAs(ample.weights()), "an unspent budget changes no weight");
    }

    /**
     * {@link ItemBiasTask} with faults on chosen calls of {@link #loss} (counted from 1 over the whole run): a NaN
     * gradient with a finite loss (d√x/dx at x = 0), or a NaN loss.
     */
    private static final class Faulty implements TrainingTask {
        private final ItemBiasTask inner;
        private final Set<Integer> nanGradient;
        private final Set<Integer> nanLoss;
        private int calls;

        Faulty(ItemBiasTask inner, Set<Integer> nanGradient, Set<Integer> nanLoss) {
            this.inner = inner;
            this.nanGradient = nanGradient;
            this.nanLoss = nanLoss;
        }

        @Override
        public int numExamples() {
            return inner.numExamples();
        }

        @Override
        public void initialise(Parameters params, SplittableRandom rnd) {
            inner.initialise(params, rnd);
        }

        @Override
        public NDArray loss(Parameters params, NDManager manager, int[] batch, SplittableRandom rnd) {
            NDArray loss = inner.loss(params, manager, batch, rnd);
            calls++;
            if (nanGradient.contains(calls)) {
                NDArray b = params.get("bias");
                return loss.add(b.sub(b).sqrt().sum());
            }
            return nanLoss.contains(calls) ? loss.mul(Float.NaN) : loss;
        }

        @Override
        public Recommender snapshot(Weights weights) {
            return inner.snapshot(weights);
        }
    }

    @Test
    void aRareNonFiniteBatchIsSkippedAndTrainingGoesOnWithCleanGradients() {
        TrainingData data = data(skewed());
        Fitter.Result clean = new Fitter("bias", params(3, "", 0, 0), TrainingListener.NONE)
                .fit(new ItemBiasTask(data.events(), "uniform", 0.2f), data, "k");
        Supplier<Fitter.Result> faultyRun = () -> new Fitter("bias", params(3, "", 0, 0), TrainingListener.NONE)
                .fit(new Faulty(new ItemBiasTask(data.events(), "uniform", 0.2f), Set.of(2, 30), Set.of(5)), data,
                        "k");
        Fitter.Result faulty = faultyRun.get();
        assertEquals(3, faulty.history().size(), "training ran to the end");
        for (float v : faulty.weights().get("bias").values()) {
            assertTrue(Float.isFinite(v), "a skipped batch left a non-finite weight " + v);
        }
        for (EpochReport r : faulty.history()) {
            assertTrue(Double.isFinite(r.loss()), "epoch " + r.epoch() + " loss " + r.loss());
        }
        assertFalse(clean.weights().sameAs(faulty.weights()), "three batches were skipped, so the weights differ");
        assertTrue(faultyRun.get().weights().sameAs(faulty.weights()), "the same faults give the same weights");
    }

    @Test
    void moreNonFiniteBatchesThanAllowedFailNamingTheTensor() {
        TrainingData data = data(skewed());
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> new Fitter("bias",
                params(3, "", 0, 0, Map.of("skipNonFinite", "0")), TrainingListener.NONE)
                .fit(new Faulty(new ItemBiasTask(data.events(), "uniform", 0f), Set.of(2), Set.of()), data, "k"));
        assertTrue(none.getMessage().contains("diverged") && none.getMessage().contains("'bias'")
                && none.getMessage().contains("batch 2 of epoch 1"), none.getMessage());
        Set<Integer> every = IntStream.rangeClosed(1, 100).boxed().collect(Collectors.toSet());
        IllegalStateException always = assertThrows(IllegalStateException.class, () -> new Fitter("bias",
                params(3, "", 0, 0), TrainingListener.NONE)
                .fit(new Faulty(new ItemBiasTask(data.events(), "uniform", 0f), Set.of(), every), data, "k"));
        assertTrue(always.getMessage().contains("loss NaN in batch 4 of epoch 1")
                && always.getMessage().contains("3 such batches skipped"), always.getMessage());
    }
}
