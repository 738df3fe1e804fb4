package io.shoplens.spark.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.eval.Experiment;
import io.shoplens.core.eval.ExperimentReport;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import io.shoplens.recommend.popular.PopularityParams;
import io.shoplens.recommend.popular.PopularityTrainer;
import io.shoplens.spark.SparkSessions;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's ALS in a local[2] session on a generated shop log with planted taste groups: it must find them (beat
 * popularity under loo-full by a wide margin), the fold-in must reproduce the user vectors Spark trained, and the
 * model must survive a save/load round trip. Measured (rank 16, 8 iterations): test HR@10 0.532, NDCG@10 0.316
 * against popularity's 0.248 and 0.122.
 */
class SparkAlsTrainerTest {
    static final String MASTER = "local[2]";
    static final Map<String, String> PARAMS = Map.of("rank", "16", "iterations", "8", "lambda", "0.1", "alpha",
            "10", "blocks", "2", "master", MASTER);

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Experiment experiment;
    static ExperimentReport popularity;
    static ExperimentReport als;
    static SparkAlsModel model;

    @BeforeAll
    static void train() throws Exception {
        spark = SparkSessions.getOrCreate(MASTER);
        GeneratorConfig cfg = GeneratorConfig.small(30_000, 800, 600, 30, 9, 11);
        Path events = dir.resolve("events.csv");
        new SyntheticLogGenerator(2).generate(cfg, events, null, null, null, null);
        Dataset d = DatasetLoader.load(DatasetLoader.Source.events(events, EventFormat.TAOBAO),
                LoadOptions.defaults(dir.resolve("out")));
        experiment = new Experiment(d, Protocol.parse("loo-full"), 2);
        popularity = experiment.run("popularity", new PopularityTrainer(PopularityParams.defaults()), null)
                .report();
        Experiment.Outcome outcome = experiment.run(SparkAlsParams.NAME,
                new SparkAlsTrainer(SparkAlsParams.from(PARAMS)), null);
        als = outcome.report();
        model = (SparkAlsModel) outcome.model();
    }

    @Test
    void findsThePlantedTastesFarBetterThanPopularity() {
        for (String metric : new String[] {"HR@10", "NDCG@10"}) {
            double pop = popularity.test().get(metric);
            double got = als.test().get(metric);
            assertTrue(got > pop * 1.5, metric + " " + got + " vs popularity " + pop);
            assertTrue(als.validation().get(metric) > popularity.validation().get(metric) * 1.5, metric);
        }
        assertEquals("16", als.params().get("rank"));
        assertTrue(model.provenance().trainSeconds() > 0);
    }

    @Test
    void foldingInATrainingHistoryGivesSparksUserVector() {
        InteractionStore train = experiment.split().train();
        int checked = 0;
        for (int u = 0; u < train.numUsers() && checked < 100; u++) {
            if (!model.hasTrainedUser(u)) {
                continue;
            }
            float[] spark = model.trainedUserVector(u);
            float[] folded = model.userVector(train.history(u));
            double norm = 0;
            double diff = 0;
            for (int c = 0; c < spark.length; c++) {
                norm += spark[c] * spark[c];
                diff += (spark[c] - folded[c]) * (spark[c] - folded[c]);
            }
            assertTrue(Math.sqrt(diff) <= 1e-3 * Math.sqrt(norm) + 1e-5, "user " + u + ": fold-in is "
                    + Math.sqrt(diff) + " away from Spark's vector of norm " + Math.sqrt(norm));
            checked++;
        }
        assertEquals(100, checked);
    }

    @Test
    void explainsWithTheUsersOwnHistory() {
        InteractionStore train = experiment.split().train();
        UserHistory h = train.history(0);
        int item = model.recommend(h, 1, i -> false).get(0).item();
        Explanation e = model.explain(h, item);
        assertTrue(!e.evidence().isEmpty() && e.evidence().size() <= SparkAlsModel.MAX_EVIDENCE);
        for (var ev : e.evidence()) {
            assertEquals("history-item", ev.kind());
            assertTrue(java.util.Arrays.stream(h.items()).anyMatch(i -> i == ev.item()), "evidence " + ev);
        }
    }

    @Test
    void saveAndLoadGiveTheSameScores(@TempDir Path out) {
        Path file = out.resolve("spark-als.model");
        model.save(file);
        SparkAlsModel back = SparkAlsModel.load(file);
        assertEquals(model.provenance(), back.provenance());
        InteractionStore train = experiment.split().train();
        for (int u = 0; u < 20; u++) {
            float[] a = new float[model.numItems()];
            float[] b = new float[model.numItems()];
            model.scoreAll(train.history(u), a);
            back.scoreAll(train.history(u), b);
            assertArrayEquals(a, b);
        }
    }

    @Test
    void releasesWhatTheFitCached() {
        assertEquals(0, JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs().size());
    }

    @Test
    void refusesDataWithoutInteractions() {
        InteractionStore none = experiment.split().train().filter(p -> false);
        SparkAlsTrainer trainer = new SparkAlsTrainer(SparkAlsParams.from(PARAMS), spark);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(new TrainingData(none, ItemCatalog.empty(none.numItems()), "empty")));
        assertTrue(e.getMessage().contains("no interaction"), e.getMessage());
    }
}
