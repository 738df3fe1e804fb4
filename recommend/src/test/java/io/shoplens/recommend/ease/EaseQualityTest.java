package io.shoplens.recommend.ease;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.eval.Experiment;
import io.shoplens.core.eval.ExperimentReport;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import io.shoplens.recommend.popular.PopularityParams;
import io.shoplens.recommend.popular.PopularityTrainer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a generated log with planted taste groups, EASE beats popularity under full ranking. */
class EaseQualityTest {
    @Test
    void beatsPopularityOnPlantedStructure(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.csv.gz");
        new SyntheticLogGenerator(2).generate(GeneratorConfig.small(60_000, 1_500, 1_000, 40, 9, 11), events, null,
                null, null, null);
        Dataset d = DatasetLoader.load(DatasetLoader.Source.events(events, EventFormat.TAOBAO),
                LoadOptions.defaults(dir.resolve("quarantine")));
        Experiment e = new Experiment(d, Protocol.parse("loo-full"), 2);
        ExperimentReport pop = e.run("popularity", new PopularityTrainer(PopularityParams.defaults()), null)
                .report();
        ExperimentReport ease = e.run("ease", new EaseTrainer(EaseParams.from(Map.of("lambda", "20", "threads",
                "2"))), null).report();
        double popNdcg = pop.validation().get("NDCG@10");
        double easeNdcg = ease.validation().get("NDCG@10");
        assertTrue(easeNdcg > 2 * popNdcg, "EASE NDCG@10 " + easeNdcg + " vs popularity " + popNdcg);
        assertTrue(ease.test().get("HR@10") > pop.test().get("HR@10"),
                "EASE test HR@10 " + ease.test().get("HR@10") + " vs popularity " + pop.test().get("HR@10"));
    }
}
