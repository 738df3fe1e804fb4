package io.shoplens.spark.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.eval.Experiment;
import io.shoplens.core.eval.ExperimentReport;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quality regression of Spark's implicit ALS on the real SASRec "Games" data (Amazon Video Games) under the
 * SASRec paper's protocol (Kang &amp; McAuley 2018: leave-one-out, target against 99 sampled items), with the
 * default parameters (rank 64, 15 iterations, lambda 0.1, alpha 10, fold-in always). Measured: validation HR@10
 * 0.6675, NDCG@10 0.4958; test HR@10 0.6333, NDCG@10 0.4597.
 *
 * <p>Training takes minutes on two cores, beyond the module's test budget, so the test runs only with
 * {@code -Dshoplens.spark.games=true} and when ../shared/data is beside the checkout.
 */
class SparkAlsOnGamesTest {
    static Path shared(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("data").resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void matchesTheMeasuredGamesRow(@TempDir Path dir) {
        assumeTrue(Boolean.getBoolean("shoplens.spark.games"),
                "the Spark ALS Games regression runs with -Dshoplens.spark.games=true");
        Path video = shared("sasrec/Video.txt");
        assumeTrue(video != null, "../shared/data/sasrec/Video.txt is absent: skipping the Games regression");
        Dataset d = DatasetLoader.load(DatasetLoader.Source.events(video, EventFormat.SASREC),
                LoadOptions.defaults(dir));
        Experiment e = new Experiment(d, Protocol.parse("loo-sampled-99"), 2);
        ExperimentReport r = e.run(SparkAlsParams.NAME,
                new SparkAlsTrainer(SparkAlsParams.from(Map.of("master", "local[2]"))), null).report();
        assertEquals(0.6675, r.validation().get("HR@10"), 0.02);
        assertEquals(0.4958, r.validation().get("NDCG@10"), 0.02);
        assertEquals(0.6333, r.test().get("HR@10"), 0.02);
        assertEquals(0.4597, r.test().get("NDCG@10"), 0.02);
    }
}
