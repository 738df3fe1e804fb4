package io.shoplens.recommend.knn;

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

/**
 * Both neighbourhood models beat popularity under full ranking on a generated log with planted taste groups and
 * item successors: structure that co-occurrence picks up and popularity cannot.
 */
class KnnQualityTest {
    @Test
    void beatPopularityOnAGeneratedLogWithPlantedStructure(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.csv");
        new SyntheticLogGenerator(2).generate(GeneratorConfig.small(30_000, 1_200, 1_000, 40, 30, 11), events,
                null, null, null, null);
        Dataset data = DatasetLoader.load(DatasetLoader.Source.events(events, EventFormat.TAOBAO),
                LoadOptions.defaults(dir.resolve("quarantine")));
        Experiment e = new Experiment(data, Protocol.parse("loo-full"), 2);
        double pop = e.run("popularity", new PopularityTrainer(PopularityParams.from(Map.of())), null).report()
                .test().get("HR@10");
        ExperimentReport item = e.run("itemknn", new ItemKnnTrainer(ItemKnnParams.from(Map.of())), null).report();
        ExperimentReport user = e.run("userknn", new UserKnnTrainer(UserKnnParams.from(Map.of())), null).report();
        double itemHr = item.test().get("HR@10");
        double userHr = user.test().get("HR@10");
        System.out.printf("synthetic loo-full test HR@10: popularity %.4f, itemknn %.4f, userknn %.4f%n", pop, itemHr,
                userHr);
        assertTrue(itemHr > 2 * pop, "itemknn HR@10 " + itemHr + " vs popularity " + pop);
        assertTrue(userHr > 2 * pop, "userknn HR@10 " + userHr + " vs popularity " + pop);
    }
}
