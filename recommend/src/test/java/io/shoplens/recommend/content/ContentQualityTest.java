package io.shoplens.recommend.content;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.eval.Experiment;
import io.shoplens.core.eval.ExperimentReport;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.split.Holdout;
import io.shoplens.core.split.LeaveOneOut;
import io.shoplens.core.split.Split;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import io.shoplens.recommend.popular.PopularityParams;
import io.shoplens.recommend.popular.PopularityTrainer;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a generated log whose item catalogue has categories, prices and titles drawn from per-category
 * vocabularies, the content model beats random ranking and popularity, and it keeps finding items whose events
 * were all removed from training (cold items), where popularity cannot.
 */
class ContentQualityTest {
    @TempDir
    static Path dir;
    static Dataset data;

    @BeforeAll
    static void generate() throws Exception {
        Path events = dir.resolve("events.csv");
        Path items = dir.resolve("items.csv");
        new SyntheticLogGenerator(2).generate(GeneratorConfig.small(60_000, 2_000, 1_500, 60, 30, 11), events,
                items, null, null, null);
        data = DatasetLoader.load(new DatasetLoader.Source(events, EventFormat.TAOBAO, items, null),
                LoadOptions.defaults(dir.resolve("quarantine")));
    }

    @Test
    void beatsRandomAndPopularityUnderFullRanking() {
        Experiment e = new Experiment(data, Protocol.parse("loo-full"), 2);
        double pop = e.run("popularity", new PopularityTrainer(PopularityParams.from(Map.of())), null).report()
                .test().get("HR@10");
        ExperimentReport content = e.run("content", new ContentTrainer(ContentParams.from(Map.of())), null)
                .report();
        double hr = content.test().get("HR@10");
        double random = 10.0 / data.events().numItems();
        System.out.printf(Locale.ROOT, "synthetic loo-full test HR@10: random %.4f, popularity %.4f, content %.4f%n",
                random, pop, hr);
        assertTrue(hr > 10 * random, "content HR@10 " + hr + " vs random " + random);
        assertTrue(hr > 2 * pop, "content HR@10 " + hr + " vs popularity " + pop);
    }

    @Test
    void findsColdItemsThatPopularityCannot() {
        Split split = new LeaveOneOut().split(data.events());
        int n = data.events().numItems();
        boolean[] cold = new boolean[n];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            cold[i] = rnd.nextDouble() < 0.2;
        }
        InteractionStore train = split.train();
        InteractionStore warmTrain = train.filter(p -> !cold[train.itemAt(p)]);
        TrainingData td = new TrainingData(warmTrain, data.catalog(), "cold-start");
        Recommender content = new ContentTrainer(ContentParams.from(Map.of())).train(td);
        Recommender pop = new PopularityTrainer(PopularityParams.from(Map.of())).train(td);
        double[] hits = new double[3];
        int users = 0;
        Holdout test = split.test();
        for (int j = 0; j < test.size(); j++) {
            int target = test.targets()[j][0];
            if (!cold[target]) {
                continue;
            }
            UserHistory full = split.trainAndValidation().history(test.users()[j]);
            IntArrayList warm = new IntArrayList();
            for (int item : full.items()) {
                if (!cold[item]) {
                    warm.add(item);
                }
            }
            UserHistory seen = UserHistory.ofItems(full.user(), warm.toIntArray());
            IntOpenHashSet masked = new IntOpenHashSet(full.items());
            masked.remove(target);
            hits[0] += expectedHit(content, seen, target, masked);
            hits[1] += expectedHit(pop, seen, target, masked);
            hits[2] += Math.min(1.0, 10.0 / (n - masked.size()));
            users++;
        }
        double contentHr = hits[0] / users;
        double popHr = hits[1] / users;
        double randomHr = hits[2] / users;
        System.out.printf(Locale.ROOT, "cold-item targets (%d users): HR@10 random %.4f, popularity %.4f, "
                + "content %.4f%n", users, randomHr, popHr, contentHr);
        assertTrue(users > 200, "enough cold targets: " + users);
        assertTrue(contentHr > 5 * randomHr, "content " + contentHr + " vs random " + randomHr);
        assertTrue(contentHr > 5 * popHr, "content " + contentHr + " vs popularity " + popHr);
    }

    /** The chance that {@code target} is in the top 10 when ties are broken uniformly at random. */
    private static double expectedHit(Recommender m, UserHistory h, int target, IntOpenHashSet masked) {
        float[] s = new float[m.numItems()];
        m.scoreAll(h, s);
        float st = s[target];
        int greater = 0;
        int equal = 0;
        for (int i = 0; i < s.length; i++) {
            if (i == target || masked.contains(i)) {
                continue;
            }
            if (s[i] > st) {
                greater++;
            } else if (s[i] == st) {
                equal++;
            }
        }
        return Math.max(0, Math.min(1, (10.0 - greater) / (equal + 1)));
    }
}
