package io.shoplens.recommend.hybrid;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.eval.Experiment;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import io.shoplens.recommend.content.ContentParams;
import io.shoplens.recommend.content.ContentTrainer;
import io.shoplens.recommend.popular.PopularityParams;
import io.shoplens.recommend.popular.PopularityTrainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a generated log with a catalogue, the default hybrid (content 0.7 + popularity 0.3 after z-scores, fallback
 * for users with fewer than 5 items) beats both of its components under full ranking.
 */
class HybridQualityTest {
    @Test
    void beatsBothComponentsOnAGeneratedLogWithACatalogue(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.csv");
        Path items = dir.resolve("items.csv");
        new SyntheticLogGenerator(2).generate(GeneratorConfig.small(60_000, 2_000, 1_500, 60, 30, 11), events,
                items, null, null, null);
        Dataset data = DatasetLoader.load(new DatasetLoader.Source(events, EventFormat.TAOBAO, items, null),
                LoadOptions.defaults(dir.resolve("quarantine")));
        Experiment e = new Experiment(data, Protocol.parse("loo-full"), 2);
        double pop = e.run("popularity", new PopularityTrainer(PopularityParams.from(Map.of())), null).report()
                .test().get("HR@10");
        double content = e.run("content", new ContentTrainer(ContentParams.from(Map.of())), null).report().test()
                .get("HR@10");
        double hybrid = e.run("hybrid", new HybridTrainer(HybridParams.defaults(), HybridFixtures::resolve), null)
                .report().test().get("HR@10");
        System.out.printf(Locale.ROOT, "synthetic loo-full test HR@10: popularity %.4f, content %.4f, hybrid %.4f%n",
                pop, content, hybrid);
        assertTrue(hybrid > content + 0.03, "hybrid " + hybrid + " vs content " + content);
        assertTrue(hybrid > 2 * pop, "hybrid " + hybrid + " vs popularity " + pop);
    }
}
