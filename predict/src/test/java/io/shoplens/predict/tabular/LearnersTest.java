package io.shoplens.predict.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnersTest {
    @TempDir
    Path dir;

    private static final MlpParams SMALL_MLP = new MlpParams(List.of(16), 40, 64, 0.01, 0, 0, 5, 1, 7);
    private static final GbtParams SMALL_GBT = new GbtParams(200, 3, 0.2, 1, 1, 1, 1, 10, 1, 7);

    @Test
    void everyLearnerBeatsThePriorOnABinarySignalAndSurvivesSaveLoad() {
        Table train = Fixtures.binary(1500, 1);
        Table valid = Fixtures.binary(500, 2);
        Table test = Fixtures.binary(500, 3);
        double prior = Metrics.auc(new PriorTrainer().train(train, valid).predictFirst(test), test.y());
        assertTrue(Double.isNaN(prior) || prior == 0.5, "a constant scores AUC 0.5, got " + prior);
        for (TabularTrainer t : List.of(new LogisticTrainer(LogisticParams.defaults()), new GbtTrainer(SMALL_GBT),
                new MlpTrainer(SMALL_MLP))) {
            TabularModel m = t.train(train, valid);
            double[] p = m.predictFirst(test);
            double auc = Metrics.auc(p, test.y());
            assertTrue(auc > 0.85, t.algorithm() + " AUC " + auc);
            for (double v : p) {
                assertTrue(v >= 0 && v <= 1, t.algorithm() + " probability " + v);
            }
            Path f = dir.resolve(t.algorithm() + ".model");
            m.save(f);
            TabularModel back = TabularModels.load(f);
            assertEquals(m.getClass(), back.getClass());
            assertArrayEquals(p, back.predictFirst(test), 1e-6, t.algorithm() + " predictions after load");
            assertEquals(m.provenance(), back.provenance());
            assertEquals(train.fingerprint(), back.provenance().dataFingerprint());
        }
    }

    @Test
    void multiclassOutputsAreDistributionsAndBeatTheMajorityClass() {
        Table train = Fixtures.multiclass(1500, 4);
        Table valid = Fixtures.multiclass(500, 5);
        Table test = Fixtures.multiclass(500, 6);
        double majority = Metrics.accuracy(new PriorTrainer().train(train, valid).predict(test), test.y());
        for (TabularTrainer t : List.of(new GbtTrainer(SMALL_GBT), new MlpTrainer(SMALL_MLP))) {
            double[][] p = t.train(train, valid).predict(test);
            assertEquals(3, p[0].length);
            double sum = p[0][0] + p[0][1] + p[0][2];
            assertEquals(1.0, sum, 1e-5);
            double acc = Metrics.accuracy(p, test.y());
            assertTrue(acc > majority + 0.3 && acc > 0.9, t.algorithm() + " accuracy " + acc + " vs " + majority);
        }
    }

    @Test
    void regressionBeatsTheMedian() {
        Table train = Fixtures.regression(1500, 7);
        Table valid = Fixtures.regression(500, 8);
        Table test = Fixtures.regression(500, 9);
        double median = Metrics.mae(new PriorTrainer().train(train, valid).predictFirst(test), test.y());
        for (TabularTrainer t : List.of(new GbtTrainer(SMALL_GBT), new MlpTrainer(SMALL_MLP))) {
            double mae = Metrics.mae(t.train(train, valid).predictFirst(test), test.y());
            assertTrue(mae < 0.3 * median, t.algorithm() + " MAE " + mae + " vs median " + median);
        }
    }

    @Test
    void nanFeaturesAreRejectedByLearnersWithoutMissingValueSupportButNotByXgboost() {
        Table train = Fixtures.binary(300, 10);
        train.x()[17][2] = Float.NaN;
        Table valid = Fixtures.binary(100, 11);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LogisticTrainer(LogisticParams.defaults()).train(train, valid));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("row 17"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MlpTrainer(SMALL_MLP).train(train, valid));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
        TabularModel m = new GbtTrainer(SMALL_GBT).train(train, valid);
        assertTrue(Double.isFinite(m.predict(train.x()[17])[0]));
    }

    @Test
    void badTablesAndParametersFailWithTheBadValueNamed() {
        Table t = Fixtures.binary(50, 12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Table(List.of("a"), new float[][] {{1}}, new float[] {Float.NaN}, Task.REGRESSION, 1, "x"));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Table(List.of("a"), new float[][] {{1}}, new float[] {2}, Task.BINARY, 2, "x"));
        assertTrue(e.getMessage().contains("label 2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.column("price"));
        assertTrue(e.getMessage().contains("'price' is missing"), e.getMessage());
        TabularModel m = new LogisticTrainer(LogisticParams.defaults()).train(t, t);
        Table other = new Table(List.of("a", "b", "c", "other"), t.x(), t.y(), Task.BINARY, 2, "o");
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(other));
        assertTrue(e.getMessage().contains("missing: [noise]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(new float[] {1, 2}));
        assertTrue(e.getMessage().contains("2 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TabularModels.trainer("mlp", Map.of("hiden", "3")));
        assertTrue(e.getMessage().contains("unknown parameter 'hiden'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TabularModels.trainer("xgboost", Map.of("eta", "0")));
        assertTrue(e.getMessage().contains("eta=0"), e.getMessage());
        Table empty = new Table(List.of("a"), new float[0][], new float[0], Task.BINARY, 2, "e");
        e = assertThrows(IllegalArgumentException.class, () -> new PriorTrainer().train(empty, empty));
        assertTrue(e.getMessage().contains("no rows"), e.getMessage());
    }

    @Test
    void permutationImportanceFindsTheSignalAndReasonsExplainARow() {
        Table train = Fixtures.binary(1500, 13);
        Table valid = Fixtures.binary(600, 14);
        TabularModel m = new LogisticTrainer(LogisticParams.defaults()).train(train, valid);
        List<Importance.Feature> imp = Importance.permutation(m, valid,
                (p, y) -> Metrics.auc(firstColumn(p), y), 2, 1);
        assertEquals("a", imp.get(0).feature());
        assertTrue(Math.abs(imp.stream().filter(f -> f.feature().equals("noise")).findFirst().orElseThrow().drop())
                < 0.01);
        float[] typical = Importance.medians(train);
        List<Importance.Reason> r = Importance.reasons(m, new float[] {3, 0, 0, 0}, typical, 2);
        assertEquals("a", r.get(0).feature());
        assertTrue(r.get(0).effect() > 0.2, r.get(0).text());
    }

    @Test
    void metricsMatchHandComputedValues() {
        double[] p = {0.9, 0.8, 0.3, 0.2};
        float[] y = {1, 0, 1, 0};
        assertEquals(0.75, Metrics.auc(p, y), 1e-12);
        assertEquals(0.5, Metrics.auc(new double[] {0.5, 0.5}, new float[] {1, 0}), 1e-12);
        Metrics.F1 best = Metrics.bestF1(p, y);
        assertEquals(0.8, best.f1(), 1e-12);
        assertEquals(0.3, best.threshold(), 1e-12);
        assertEquals((-Math.log(0.9) - Math.log(0.2) - Math.log(0.3) - Math.log(0.8)) / 4, Metrics.logLoss(p, y),
                1e-12);
        List<Metrics.CalibrationBin> c = Metrics.calibration(p, y, 2);
        assertEquals(0.25, c.get(0).meanPredicted(), 1e-12);
        assertEquals(0.5, c.get(1).observedRate(), 1e-12);
        assertEquals(50.0, Metrics.mape(new double[] {1.5}, new float[] {1}), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Metrics.auc(new double[0], new float[0]));
    }

    static double[] firstColumn(double[][] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i][0];
        }
        return out;
    }
}
