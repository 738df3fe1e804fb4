package io.shoplens.predict.propensity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.predict.Synthetic;
import io.shoplens.predict.tabular.GbtParams;
import io.shoplens.predict.tabular.GbtTrainer;
import io.shoplens.predict.tabular.LogisticParams;
import io.shoplens.predict.tabular.LogisticTrainer;
import io.shoplens.predict.tabular.TabularModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropensityTest {
    private static final long DAY = 86_400;
    @TempDir
    static Path dir;
    static Dataset data;

    @BeforeAll
    static void generate() {
        data = Synthetic.load(GeneratorConfig.small(120_000, 3_000, 2_000, 40, 9, 5), dir);
    }

    @Test
    void featuresIgnoreEveryEventAtOrAfterTheCutoff() {
        InteractionStore store = data.events();
        long cutoff = GeneratorConfig.TAOBAO_START_EPOCH_SECOND + 6 * DAY + 3600;
        PropensityFeatures.Rows before = PropensityFeatures.build(store, cutoff, DAY, -1, 8, "a");
        InteractionStore perturbed = perturbAfter(store, cutoff, 11);
        PropensityFeatures.Rows after = PropensityFeatures.build(perturbed, cutoff, DAY, -1, 8, "b");
        Map<String, float[]> byUser = new HashMap<>();
        for (int i = 0; i < after.users().length; i++) {
            byUser.put(perturbed.users().externalId(after.users()[i]), after.table().x()[i]);
        }
        assertEquals(before.users().length, after.users().length, "the population depends only on the past");
        int labelChanges = 0;
        for (int i = 0; i < before.users().length; i++) {
            String id = store.users().externalId(before.users()[i]);
            assertArrayEquals(before.table().x()[i], byUser.get(id), "features of user " + id);
        }
        for (int i = 0; i < after.users().length; i++) {
            labelChanges += after.table().y()[i] > 0.5f ? 1 : 0;
        }
        assertEquals(after.users().length, labelChanges, "every user buys after the cut-off in the perturbed log");
        assertTrue(before.table().positiveRate() < 0.5, "the real labels differ: " + before.table().positiveRate());
    }

    @Test
    void aPurchaseJustAfterTheCutoffIsTheLabelAndNotAFeature() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long t = 1_600_000_000L;
        b.event("u1", "i1", "c1", Behavior.PV, t - 7200);
        b.event("u1", "i1", "c1", Behavior.CART, t - 3600);
        b.event("u1", "i1", "c1", Behavior.BUY, t);
        b.event("u2", "i2", "c2", Behavior.BUY, t - 100);
        b.event("u3", "i2", "c2", Behavior.PV, t + 10);
        InteractionStore s = b.build();
        PropensityFeatures.Rows r = PropensityFeatures.build(s, t, 3600, -1, 0, "x");
        assertEquals(2, r.users().length, "u3 has no event before the cut-off");
        int buy = r.table().column("buy_all");
        int open = r.table().column("open_carts");
        int ever = r.table().column("ever_bought");
        assertEquals(0f, r.table().x()[0][buy]);
        assertEquals((float) Math.log1p(1), r.table().x()[0][open], "the cart is still open before the cut-off");
        assertEquals(0f, r.table().x()[0][ever]);
        assertEquals(1f, r.table().y()[0]);
        assertEquals(1f, r.table().x()[1][ever]);
        assertEquals(0f, r.table().y()[1]);
        assertEquals(PropensityFeatures.NAMES.size(), r.table().columns());
        PropensityFeatures.Rows inCategory = PropensityFeatures.build(s, t, 3600, s.categories().indexOf("c2"), 0, "x");
        assertEquals(0f, inCategory.table().y()[0], "u1 bought in c1, not c2");
    }

    @Test
    void modelsBeatTheRecencyRuleOnAGeneratedLog() {
        PropensityConfig cfg = PropensityConfig.of(DAY).withTrainCutoffs(3);
        PropensityReport r = new PropensityExperiment(cfg).run(data.events(),
                new PropensityReport.Dataset("synthetic", "synthetic", data.events().numEvents(),
                        data.events().numUsers()),
                List.of(new LogisticTrainer(LogisticParams.defaults()),
                        new GbtTrainer(new GbtParams(300, 4, 0.1, 0.8, 0.8, 1, 1, 20, 2, 1))));
        assertEquals(3, r.models().size());
        PropensityReport.ModelResult rule = r.model(RecencyRuleTrainer.NAME);
        PropensityReport.ModelResult gbt = r.model(GbtParams.NAME);
        PropensityReport.ModelResult lr = r.model(LogisticParams.NAME);
        assertTrue(rule.testAuc() > 0.55, "the rule has some signal: " + rule.testAuc());
        assertTrue(gbt.testAuc() > rule.testAuc() + 0.02, "xgboost " + gbt.testAuc() + " vs rule " + rule.testAuc());
        assertTrue(lr.testAuc() > rule.testAuc() + 0.02, "logistic " + lr.testAuc() + " vs rule " + rule.testAuc());
        assertEquals(10, gbt.calibration().size());
        assertEquals(PropensityFeatures.NAMES.size(), gbt.permutationImportance().size());
        assertEquals(PropensityFeatures.NAMES.size(), gbt.gain().size());
        assertTrue(gbt.gain().values().stream().anyMatch(g -> g > 0));
        assertTrue(rule.gain().isEmpty());
        assertFalse(r.reasons().isEmpty());
        assertEquals(3, r.reasons().get(0).reasons().size());
        assertTrue(r.protocol().trainRows() > r.protocol().validationRows(), "three stacked training cut-offs");
        assertNotEquals(r.protocol().validationCutoff(), r.protocol().testCutoff());
    }

    @Test
    void theRuleBaselineSavesAndLoads() {
        PropensityExperiment e = new PropensityExperiment(PropensityConfig.of(DAY));
        PropensityExperiment.Parts p = e.parts(data.events(), "synthetic");
        TabularModel m = new RecencyRuleTrainer().train(p.train().table(), p.validation().table());
        Path f = dir.resolve("rule.model");
        m.save(f);
        RecencyRuleModel back = RecencyRuleModel.load(f);
        assertArrayEquals(m.predictFirst(p.test().table()), back.predictFirst(p.test().table()), 0);
    }

    @Test
    void tooShortALogOrABadHorizonFailsWithTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PropensityExperiment(PropensityConfig.of(4 * DAY)).parts(data.events(), "s"));
        assertTrue(e.getMessage().contains("use a shorter --horizon"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PropensityConfig.of(10));
        assertTrue(e.getMessage().contains("got 10"), e.getMessage());
    }

    /** The same events before {@code cutoff}; afterwards other behaviours, and a purchase by every user. */
    static InteractionStore perturbAfter(InteractionStore s, long cutoff, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        for (int u = 0; u < s.numUsers(); u++) {
            String user = s.users().externalId(u);
            for (int p = s.userStart(u); p < s.userEnd(u); p++) {
                String item = s.items().externalId(s.itemAt(p));
                String cat = s.categories().externalId(s.categoryAt(p));
                long t = s.timeAt(p);
                if (t < cutoff) {
                    b.event(user, item, cat, s.behaviorAt(p), t);
                } else if (r.nextBoolean()) {
                    b.event(user, item, cat, Behavior.ofCode(r.nextInt(4)), t + r.nextInt(3600));
                }
            }
            b.event(user, "999999999", "1", Behavior.BUY, cutoff + r.nextInt(3600));
        }
        return b.build();
    }
}
