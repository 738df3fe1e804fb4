package io.shoplens.recommend.popular;

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
 * Quality regression on the real SASRec "Games" data (Amazon Video Games) under the paper's protocol: PopRec's
 * row in Kang &amp; McAuley 2018, Table III, is recalled as HR@10 0.4724, NDCG@10 0.2779. A protocol or split
 * bug moves these numbers far more than the tolerance. Skips when ../shared/data is not beside the checkout.
 */
class PopularityOnGamesTest {
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
    void matchesThePublishedPopRecRow(@TempDir Path dir) {
        Path video = shared("sasrec/Video.txt");
        assumeTrue(video != null, "../shared/data/sasrec/Video.txt is absent: skipping the Games regression");
        Dataset d = DatasetLoader.load(DatasetLoader.Source.events(video, EventFormat.SASREC),
                LoadOptions.defaults(dir));
        Experiment e = new Experiment(d, Protocol.parse("loo-sampled-99"), 2);
        ExperimentReport r = e.run("popularity", new PopularityTrainer(PopularityParams.from(Map.of())), null)
                .report();
        assertEquals(31_013, r.dataset().users());
        assertEquals(23_715, r.dataset().items());
        assertEquals(0.4724, r.test().get("HR@10"), 0.02);
        assertEquals(0.2779, r.test().get("NDCG@10"), 0.02);
    }
}
