package io.shoplens.profile.audience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.EventIngest;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import io.shoplens.predict.tabular.GbtParams;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audiences on a small generated log: lift over random, and no leakage of events after the cut-off. */
class AudienceExperimentTest {
    static final long H = 2 * 86_400L;

    @TempDir
    static Path dir;
    static AnalyticsInput input;
    static InteractionStore store;
    static String category;

    @BeforeAll
    static void generate() throws Exception {
        Path events = dir.resolve("events.csv.gz");
        Path items = dir.resolve("items.csv");
        new SyntheticLogGenerator(2).generate(GeneratorConfig.small(80_000, 1_500, 3_000, 40, 9, 11), events, items,
                null, null, n -> { });
        input = EventIngest.ingest(new EventIngest.Source(events, EventFormat.TAOBAO, items),
                LoadOptions.defaults(dir.resolve("q")), dir.resolve("in"));
        store = ParquetStore.load(input.events());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CAST(category_id AS VARCHAR) FROM read_parquet('"
                     + input.events().toAbsolutePath() + "') WHERE behavior = 'buy' GROUP BY 1 "
                     + "ORDER BY COUNT(*) DESC, 1 LIMIT 1")) {
            rs.next();
            category = rs.getString(1);
        }
    }

    private static AudienceConfig config(List<Integer> budgets) {
        GbtParams g = GbtParams.defaults();
        GbtParams gbt = new GbtParams(300, 4, 0.1, g.subsample(), g.colsample(), g.minChildWeight(), g.lambda(), 30,
                1, 42);
        return new AudienceConfig(Campaign.ofCategory(category), budgets, H, null, 1, 8, 7, gbt);
    }

    @Test
    void propensityAndLookalikeBeatRandomOnTheHeldOutPeriod() {
        AudienceReport r = new AudienceExperiment(config(List.of(75, 150))).evaluate(input, store, dir.resolve("w"));
        System.out.println(r.protocol());
        for (AudienceReport.Result x : r.results()) {
            System.out.printf(Locale.ROOT, "  %-10s budget %4d: %3d converters, rate %.4f, lift %.2f%n",
                    x.strategy(), x.budget(), x.converters(), x.rate(), x.lift());
        }
        assertTrue(r.converters() > 0 && r.seeds() > 0);
        assertTrue(r.lift("propensity", 150) > r.lift("random", 150), "propensity vs random");
        assertTrue(r.lift("propensity", 150) > 1.5, "propensity lift " + r.lift("propensity", 150));
        assertTrue(r.lift("lookalike", 150) > r.lift("random", 150), "lookalike vs random");
    }

    @Test
    void eventsAfterTheCutoffDoNotChangeAnyScore() throws Exception {
        AudienceExperiment e = new AudienceExperiment(config(List.of(100)));
        long t = AudienceExperiment.lastTime(store) + 1 - H;
        AudienceExperiment.Scores full = e.scoreAt(input, store, t, dir.resolve("w1"));
        Path cut = dir.resolve("before.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM read_parquet('" + input.events().toAbsolutePath() + "') WHERE ts < " + t
                    + ") TO '" + cut.toAbsolutePath() + "' (FORMAT parquet)");
        }
        AnalyticsInput before = EventIngest.ingest(new EventIngest.Source(cut, EventFormat.TAOBAO, null),
                LoadOptions.defaults(dir.resolve("q2")), dir.resolve("in2"));
        before = new AnalyticsInput(before.name(), before.events(), input.items(), before.reports(), 0);
        AudienceExperiment.Scores truncated = e.scoreAt(before, ParquetStore.load(before.events()), t,
                dir.resolve("w2"));
        assertEquals(full.userIds().length, truncated.userIds().length);
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < truncated.userIds().length; i++) {
            at.put(truncated.userIds()[i], i);
        }
        for (int i = 0; i < full.userIds().length; i++) {
            int j = at.get(full.userIds()[i]);
            assertEquals(full.propensity()[i], truncated.propensity()[j], 0.0, "propensity of " + full.userIds()[i]);
            assertEquals(full.lookalike()[i], truncated.lookalike()[j], 1e-12, "lookalike of " + full.userIds()[i]);
            assertEquals(full.activity()[i], truncated.activity()[j], 0.0);
        }
        assertEquals(full.seeds(), truncated.seeds());
    }

    @Test
    void unknownCategoryFails() {
        AudienceConfig c = new AudienceConfig(Campaign.ofCategory("no-such-category"), List.of(10), H, null, 1, 8, 7,
                GbtParams.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AudienceExperiment(c).evaluate(input, store, dir.resolve("w3")));
        assertTrue(e.getMessage().contains("'no-such-category'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Campaign("1", List.of("2")));
        assertThrows(IllegalArgumentException.class, () -> Campaign.ofItems(List.of()));
    }

    @Test
    void itemCampaignLabelsOnlyPurchasesOfTheItems() throws Exception {
        List<String> items = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CAST(item_id AS VARCHAR) FROM read_parquet('"
                     + input.events().toAbsolutePath() + "') WHERE behavior = 'buy' GROUP BY 1 "
                     + "ORDER BY COUNT(*) DESC, 1 LIMIT 60")) {
            while (rs.next()) {
                items.add(rs.getString(1));
            }
        }
        AudienceConfig base = config(List.of(150));
        AudienceConfig cfg = new AudienceConfig(Campaign.ofItems(items), base.budgets(), H, null, 1, 8, 7, base.gbt());
        AudienceExperiment e = new AudienceExperiment(cfg);
        long t = AudienceExperiment.lastTime(store) + 1 - H;
        AudienceExperiment.Scores s = e.scoreAt(input, store, t, dir.resolve("w4"));
        java.util.Set<String> set = new java.util.HashSet<>(items);
        java.util.Set<String> buyers = new java.util.HashSet<>();
        for (int u = 0; u < store.numUsers(); u++) {
            for (int p = store.userStart(u); p < store.userEnd(u); p++) {
                if (store.timeAt(p) >= t && store.timeAt(p) < t + H && store.behaviorCodeAt(p) == 3
                        && set.contains(store.items().externalId(store.itemAt(p)))) {
                    buyers.add(store.users().externalId(u));
                }
            }
        }
        int labelled = 0;
        for (int i = 0; i < s.userIds().length; i++) {
            assertEquals(buyers.contains(s.userIds()[i]), s.outcome()[i] > 0.5f, s.userIds()[i]);
            labelled += s.outcome()[i] > 0.5f ? 1 : 0;
        }
        assertTrue(labelled > 0);
        AudienceReport r = e.evaluate(input, store, dir.resolve("w5"));
        assertTrue(r.campaign().startsWith("items ["), r.campaign());
        assertTrue(r.lift("propensity", 150) > r.lift("random", 150), "propensity vs random on items");
    }
}
