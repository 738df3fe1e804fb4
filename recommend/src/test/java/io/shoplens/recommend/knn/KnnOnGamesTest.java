package io.shoplens.recommend.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quality regression of both neighbourhood models with their default parameters on the real SASRec "Games" data
 * under loo-sampled-99 (Kang &amp; McAuley 2018, Table III: PopRec 0.4724, BPR 0.4853 HR@10). Measured test
 * HR@10 / NDCG@10: itemknn 0.5778 / 0.4256, userknn 0.6094 / 0.4480; the tolerance is 0.02. Skips when
 * ../shared/data is not beside the checkout.
 */
class KnnOnGamesTest {
    private static final double BPR_HR10 = 0.4853;
    private static Experiment experiment;

    static Path shared(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("data").resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @BeforeAll
    static void load(@TempDir Path dir) {
        Path video = shared("sasrec/Video.txt");
        if (video != null) {
            Dataset d = DatasetLoader.load(DatasetLoader.Source.events(video, EventFormat.SASREC),
                    LoadOptions.defaults(dir));
            experiment = new Experiment(d, Protocol.parse("loo-sampled-99"), 2);
        }
    }

    @Test
    void itemKnnBeatsBprOnGames() {
        assumeTrue(experiment != null, "../shared/data/sasrec/Video.txt is absent: skipping the Games regression");
        ExperimentReport r = experiment.run(ItemKnnParams.NAME, new ItemKnnTrainer(ItemKnnParams.from(Map.of())),
                null).report();
        assertEquals(0.5778, r.test().get("HR@10"), 0.02);
        assertEquals(0.4256, r.test().get("NDCG@10"), 0.02);
        assertTrue(r.test().get("HR@10") > BPR_HR10 + 0.05);
    }

    @Test
    void userKnnBeatsBprOnGames() {
        assumeTrue(experiment != null, "../shared/data/sasrec/Video.txt is absent: skipping the Games regression");
        ExperimentReport r = experiment.run(UserKnnParams.NAME, new UserKnnTrainer(UserKnnParams.from(Map.of())),
                null).report();
        assertEquals(0.6094, r.test().get("HR@10"), 0.02);
        assertEquals(0.4480, r.test().get("NDCG@10"), 0.02);
        assertTrue(r.test().get("HR@10") > BPR_HR10 + 0.05);
    }
}
