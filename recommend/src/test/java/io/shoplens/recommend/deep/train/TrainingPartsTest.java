package io.shoplens.recommend.deep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Params;
import io.shoplens.core.model.Provenance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPartsTest {
    @Test
    void batchesCoverEveryExampleOnceInSeededOrder() {
        int[][] a = Minibatches.shuffled(103, 10, new SplittableRandom(1));
        int[][] b = Minibatches.shuffled(103, 10, new SplittableRandom(1));
        assertEquals(11, a.length);
        assertEquals(3, a[10].length);
        int[] all = Arrays.stream(a).flatMapToInt(Arrays::stream).sorted().toArray();
        int[] expected = new int[103];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, all);
        assertTrue(Arrays.deepEquals(a, b));
    }

    @Test
    void padLeftRightAlignsTheLastItemsShiftedByOne() {
        long[] out = new long[8];
        Minibatches.padLeft(new int[] {4, 5, 6}, 3, 4, out, 0);
        Minibatches.padLeft(new int[] {0, 1, 2, 3, 4, 5}, 6, 4, out, 4);
        assertArrayEquals(new long[] {0, 5, 6, 7, 3, 4, 5, 6}, out);
    }

    @Test
    void negativesAreNeverPositives() {
        int[] positives = {0, 2, 3, 7};
        SplittableRandom rnd = new SplittableRandom(3);
        ItemSampler uniform = ItemSampler.uniform(10);
        ItemSampler popular = ItemSampler.popularity(new long[] {9, 1, 5, 5, 0, 2, 2, 8, 1, 3}, 1);
        int[] counts = new int[10];
        for (int i = 0; i < 20_000; i++) {
            int u = uniform.drawExcluding(positives, rnd);
            int p = popular.drawExcluding(positives, rnd);
            assertTrue(Arrays.binarySearch(positives, u) < 0);
            assertTrue(Arrays.binarySearch(positives, p) < 0);
            counts[p]++;
        }
        assertEquals(0, counts[4], "an item without events is never drawn by popularity");
        // allowed items 1, 5, 6, 8, 9 have weights 1, 2, 2, 1, 3 out of 9
        assertEquals(3.0 / 9, counts[9] / 20_000.0, 0.02);
        assertEquals(1.0 / 9, counts[1] / 20_000.0, 0.02);
        assertThrows(IllegalStateException.class,
                () -> ItemSampler.uniform(3).drawExcluding(new int[] {0, 1, 2}, rnd));
    }

    @Test
    void scheduleWarmsUpThenDecays() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("schedule", "linear");
        m.put("warmupEpochs", "1");
        TrainingParams p = TrainingParams.from(Params.of("t", m), TrainingParams.defaults(10, 32, 0.01));
        assertEquals(0.01 / 100, p.learningRateAt(0, 100, 1000), 1e-12);
        assertEquals(0.01, p.learningRateAt(99, 100, 1000), 1e-12);
        assertEquals(0.005, p.learningRateAt(550, 100, 1000), 1e-12);
        m.put("schedule", "cosine");
        TrainingParams c = TrainingParams.from(Params.of("t", m), TrainingParams.defaults(10, 32, 0.01));
        assertEquals(0.005, c.learningRateAt(550, 100, 1000), 1e-12);
        assertEquals(0.0, c.learningRateAt(1000, 100, 1000), 1e-12);
    }

    @Test
    void badSettingsFailWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingParams.from(
                Params.of("t", Map.of("batchSize", "0")), TrainingParams.defaults(10, 32, 0.01)));
        assertTrue(e.getMessage().contains("batchSize=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingParams.from(
                Params.of("t", Map.of("device", "tpu")), TrainingParams.defaults(10, 32, 0.01)));
        assertTrue(e.getMessage().contains("device=tpu"), e.getMessage());
    }

    @Test
    void aNegativeTimeBudgetIsRefusedNamingTheValueAndTheBudgetIsInTheProvenanceButNotTheWeightsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingParams.from(
                Params.of("t", Map.of("timeBudget", "-5")), TrainingParams.defaults(10, 32, 0.01)));
        assertTrue(e.getMessage().contains("timeBudget=-5"), e.getMessage());
        TrainingParams d = TrainingParams.defaults(10, 32, 0.01);
        assertEquals(0.0, d.timeBudget(), 0.0, "no budget by default");
        TrainingParams p = TrainingParams.from(Params.of("t", Map.of("timeBudget", "600")), d);
        Map<String, String> m = new LinkedHashMap<>();
        p.putInto(m);
        assertEquals("600.0", m.get("timeBudget"));
        assertEquals(d.weightsKey(), p.weightsKey(), "the budget decides where training ends, not its weights");
    }

    @Test
    void aCheckpointOfFormatOneReadsAsWholeEpochsNotStoppedByABudget(@TempDir Path dir) {
        Path file = Checkpoint.file(dir, "bias");
        Weights w = new Weights(Map.of("bias", new Weights.Tensor(new long[] {2}, new float[] {0.5f, -1f})));
        Provenance prov = new Provenance("bias-checkpoint", Map.of("key", "k"), "data", 42,
                Provenance.shoplensVersion(), Instant.now(), 0);
        ModelFiles.write(file, prov, out -> {
            out.writeUTF("k");
            out.writeLong(42);
            out.writeInt(1);
            out.writeBoolean(false);
            w.write(out);
            w.write(out);
            w.write(out);
            out.writeLong(7);
            out.writeBoolean(false);
            out.writeDouble(Double.NaN);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(3);
            out.writeDouble(0.25);
            out.writeDouble(0.01);
            out.writeUTF("");
            out.writeDouble(Double.NaN);
            out.writeDouble(Double.NaN);
            out.writeInt(0);
            out.writeDouble(2.5);
            out.writeDouble(0);
            out.writeInt(100);
        });
        Checkpoint c = Checkpoint.read(file, "bias", "k", k -> k);
        assertEquals(1, c.epochsDone());
        assertEquals(7, c.adam().step());
        assertTrue(c.weights().sameAs(w));
        EpochReport r = c.history().get(0);
        assertEquals(0.25, r.loss(), 0.0);
        assertEquals(100, r.examples());
        assertEquals(1.0, r.fraction(), 0.0);
        assertFalse(r.stoppedByBudget());
        assertFalse(c.stoppedByBudget());
    }

    @Test
    void weightsRoundTripBitExactly() throws IOException {
        Map<String, Weights.Tensor> m = new LinkedHashMap<>();
        m.put("a", new Weights.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, Float.MIN_VALUE}));
        m.put("b", new Weights.Tensor(new long[] {1}, new float[] {-0f}));
        Weights w = new Weights(m);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        }
        Weights back = Weights.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertTrue(w.sameAs(back));
        assertEquals(7, back.size());
        assertThrows(IllegalArgumentException.class, () -> new Weights.Tensor(new long[] {2, 2}, new float[3]));
    }

    @Test
    void clippedGradientsEnterTheMomentsClipped() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] first = new float[2];
            for (double clip : new double[] {0, 0.5}) {
                try (Parameters p = new Parameters(m)) {
                    p.add("w", new Weights.Tensor(new long[] {2}, new float[] {1f, 1f}));
                    Adam adam = new Adam(p, 0, Adam.DEFAULT_BETA2, clip);
                    try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                        c.backward(p.get("w").mul(m.create(new float[] {3f, -0.25f})).sum());
                    }
                    adam.step(0.01);
                    float[] mean = adam.state().mean().get("w").values();
                    if (clip == 0) {
                        System.arraycopy(mean, 0, first, 0, 2);
                    } else {
                        assertEquals(0.1f * 0.5f, mean[0], 1e-6f, "3 is clipped to 0.5");
                        assertEquals(0.1f * -0.25f, mean[1], 1e-6f, "-0.25 is inside the clip range");
                    }
                }
            }
            assertEquals(0.1f * 3f, first[0], 1e-6f, "no clipping with clipGradient=0");
        }
        assertThrows(IllegalArgumentException.class,
                () -> TrainingParams.from(Params.of("x", Map.of("clipGradient", "-1")),
                        TrainingParams.defaults(1, 1, 0.1)));
    }

    @Test
    void beta2IsTheDecayOfTheSecondMoment() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (double beta2 : new double[] {0.999, 0.98}) {
                try (Parameters p = new Parameters(m)) {
                    p.add("w", new Weights.Tensor(new long[] {1}, new float[] {1f}));
                    Adam adam = new Adam(p, 0, beta2, 0);
                    for (int step = 0; step < 2; step++) {
                        try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                            c.backward(p.get("w").mul(2f).sum());
                        }
                        adam.step(0.01);
                    }
                    double expected = (1 - beta2) * 4 * (1 + beta2);
                    assertEquals(expected, adam.state().variance().get("w").values()[0], 1e-6,
                            "v after two gradients of 2 with beta2=" + beta2);
                }
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> TrainingParams.from(Params.of("x", Map.of("adamBeta2", "1")),
                        TrainingParams.defaults(1, 1, 0.1)));
        TrainingParams paper = TrainingParams.from(Params.of("x", Map.of("adamBeta2", "0.98")),
                TrainingParams.defaults(1, 1, 0.1));
        assertTrue(paper.weightsKey().contains("beta2=0.98"), "a checkpoint of another beta2 is not resumed");
        assertFalse(TrainingParams.defaults(1, 1, 0.1).weightsKey().contains("beta2"),
                "checkpoints written before beta2 was a setting still match the default");
    }

    @Test
    void aNonFiniteGradientIsRefusedBeforeAnyTensorChanges() {
        try (NDManager m = NDManager.newBaseManager("PyTorch"); Parameters p = new Parameters(m)) {
            p.add("a", new Weights.Tensor(new long[] {2}, new float[] {1f, 1f}));
            p.add("b", new Weights.Tensor(new long[] {1}, new float[] {0f}));
            Adam adam = new Adam(p, 0, Adam.DEFAULT_BETA2, 0);
            try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                c.backward(p.get("a").sum().add(p.get("b").sqrt().sum()));
            }
            Adam.NonFiniteGradientException e = assertThrows(Adam.NonFiniteGradientException.class,
                    () -> adam.step(0.01));
            assertEquals("b", e.tensor(), "d sqrt(x)/dx is infinite at 0");
            assertEquals(List.of("b"), e.tensors(), "a's gradient is finite");
            assertEquals(0, adam.steps());
            assertArrayEquals(new float[] {1f, 1f}, p.get("a").toFloatArray(), "a was not updated either");
            assertArrayEquals(new float[] {0f, 0f}, adam.state().mean().get("a").values());
        }
    }
}
