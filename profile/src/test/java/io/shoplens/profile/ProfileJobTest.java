package io.shoplens.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.core.io.LoadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles of the hand-checked {@link ProfileFixture} on DuckDB. */
class ProfileJobTest {
    private static final TagRules TAGS = TagRules.parse("night = night_share >= 0.5\nbuyer = buy >= 1\n"
            + "big = events > 100\n", "test");

    @TempDir
    Path dir;

    private Map<String, Map<String, Object>> profile(ProfileOptions o, boolean items, boolean users, SmallCells cells,
            Pseudonymizer p) throws Exception {
        AnalyticsInput in = ProfileFixture.ingest(dir, items);
        UserIngest.Result u = users ? UserIngest.ingest(ProfileFixture.write(dir, "users.csv", ProfileFixture.USERS),
                LoadOptions.defaults(dir.resolve("quarantine")), dir.resolve("work")) : null;
        ProfileJob.run(in, u, new ProfileJob.Config(o, TAGS, null, p, cells), dir.resolve("out"));
        return ProfileFixture.read(dir.resolve("out/profiles.parquet"));
    }

    private static ProfileOptions utc(boolean prices) {
        return ProfileOptions.of(new AnalyticsOptions(0, 20, prices));
    }

    @Test
    void behaviourTimeCategoriesPriceRfmAndTagsAreComputedPerUser() throws Exception {
        Map<String, Map<String, Object>> p = profile(utc(true), true, true, new SmallCells(1), null);
        assertEquals(4, p.size());
        Map<String, Object> u1 = p.get("1");
        assertEquals(7L, u1.get("events"));
        assertEquals(4L, u1.get("pv"));
        assertEquals(1L, u1.get("cart"));
        assertEquals(0L, u1.get("fav"));
        assertEquals(2L, u1.get("buy"));
        assertEquals(3L, u1.get("items"));
        assertEquals(3L, u1.get("active_days"));
        assertEquals(0L, u1.get("days_since_last"));
        assertEquals(1.0, (Double) u1.get("night_share"), 1e-12);
        assertEquals(1L, u1.get("peak_hour"));
        assertEquals(100L, u1.get("top_category_1"));
        assertEquals(1.0, (Double) u1.get("top_category_1_share"), 1e-12);
        assertNull(u1.get("top_category_2"));
        assertEquals(42.5 / 7, (Double) u1.get("avg_price"), 1e-9);
        assertEquals(3L, u1.get("price_band"));
        assertEquals(5L, u1.get("recency_days"));
        assertEquals(2L, u1.get("frequency"));
        assertEquals("night,buyer", u1.get("tags"));
        assertEquals("active", u1.get("lifecycle"));
        assertEquals("25-34", u1.get("age_band"));
        assertEquals("Hangzhou", u1.get("region"));
        Map<String, Object> u2 = p.get("2");
        assertEquals(0.5, (Double) u2.get("fav_share"), 1e-12);
        assertEquals(20L, u2.get("peak_hour"));
        assertEquals(4L, u2.get("price_band"));
        assertNull(u2.get("r_score"));
        assertEquals("", u2.get("tags"));
        assertNull(u2.get("age_band"));
        Map<String, Object> u3 = p.get("3");
        assertEquals(4L, u3.get("price_band"));
        assertEquals(200L, u3.get("top_category_1"));
        assertEquals(2.0 / 3, (Double) u3.get("top_category_1_share"), 1e-12);
        assertEquals(100L, u3.get("top_category_2"));
        assertEquals("buyer", u3.get("tags"));
        assertEquals("new", u3.get("lifecycle"));
        assertNull(u3.get("region"));
        assertEquals(1L, p.get("4").get("price_band"));
        assertEquals("night", p.get("4").get("tags"));
        assertTrue(Files.isRegularFile(dir.resolve("out/profiles.csv")));
        assertTrue(Files.isRegularFile(dir.resolve("out/profile.json")));
        assertTrue(Files.notExists(dir.resolve("out/input/profiles-raw.parquet")));
    }

    @Test
    void withoutPricesPriceColumnsAreNullAndPriceTagsDoNotApply() throws Exception {
        Map<String, Map<String, Object>> p = profile(utc(false), false, false, new SmallCells(1), null);
        assertNull(p.get("1").get("avg_price"));
        assertNull(p.get("1").get("price_band"));
        assertEquals(2.0, ((Number) p.get("1").get("monetary")).doubleValue(), 1e-12);
    }

    @Test
    void lifecycleBoundariesAreInclusiveAtTheThresholds() throws Exception {
        // days since last activity: user 1: 0, user 2: 6, user 3: 0 (first seen 0 days before the end), user 4: 4
        Map<String, Map<String, Object>> a = profile(utc(false).withLifecycle(1, 4, 6), false, false,
                new SmallCells(1), null);
        assertEquals("churned", a.get("2").get("lifecycle"));
        assertEquals("at-risk", a.get("4").get("lifecycle"));
        assertEquals("new", a.get("3").get("lifecycle"));
        assertEquals("active", a.get("1").get("lifecycle"));
        Map<String, Map<String, Object>> b = profile(utc(false).withLifecycle(5, 5, 7), false, false,
                new SmallCells(1), null);
        assertEquals("at-risk", b.get("2").get("lifecycle"));
        assertEquals("new", b.get("4").get("lifecycle"));
        assertEquals("new", b.get("3").get("lifecycle"));
        assertEquals("active", b.get("1").get("lifecycle"));
    }

    @Test
    void exportedIdsArePseudonymsAndSmallCellsAreSuppressed() throws Exception {
        Pseudonymizer key = new Pseudonymizer("0123456789abcdef-test".getBytes());
        AnalyticsInput in = ProfileFixture.ingest(dir, false);
        ProfileReport r = ProfileJob.run(in, null, new ProfileJob.Config(utc(false), TAGS, null, key,
                new SmallCells(2)), dir.resolve("out"));
        Map<String, Map<String, Object>> p = ProfileFixture.read(dir.resolve("out/profiles.parquet"));
        assertTrue(p.containsKey(key.pseudonym("1")), p.keySet().toString());
        assertTrue(p.keySet().stream().noneMatch(id -> id.length() < 32));
        String csv = Files.readString(dir.resolve("out/profiles.csv"));
        assertTrue(csv.contains(key.pseudonym("3")));
        Aggregate life = r.aggregate("lifecycle");
        // lifecycle with defaults: 1 active, 2 at-risk, 3 new, 4 at-risk: the 'active' and 'new' cells hold one user
        assertEquals(2, life.suppressed());
        for (Aggregate.Row row : life.rows()) {
            assertEquals(row.label().equals("at-risk"), !row.suppressed(), row.toString());
        }
        assertTrue(Files.readString(dir.resolve("out/profile.json")).contains("\"suppressedCells\""));
    }
}
