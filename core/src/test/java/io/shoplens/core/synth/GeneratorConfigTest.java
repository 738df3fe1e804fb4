package io.shoplens.core.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {
    private static final GeneratorConfig OK = GeneratorConfig.small(1_000, 100, 500, 20, 9, 1);

    @Test
    void taobaoScaleMatchesTheUserBehaviorDataSet() {
        GeneratorConfig c = GeneratorConfig.taobaoScale();
        assertEquals(100_000_000L, c.events());
        assertEquals(987_994, c.users());
        assertEquals(4_162_024, c.items());
        assertEquals(9_439, c.categories());
        assertEquals(9, c.days());
        assertEquals(1_511_539_200L, c.startEpochSecond());
        assertEquals(1_511_539_200L + 9 * 86_400L, c.endEpochSecond());
        assertEquals(8, c.utcOffsetHours());
        assertEquals(7, c.promoDay());
        assertEquals(1.0, c.pvShare() + c.cartShare() + c.favShare() + c.buyShare(), 1e-12);
    }

    @Test
    void copiesChangeOnlyWhatTheyName() {
        GeneratorConfig s = OK.withSeed(99);
        assertEquals(99, s.seed());
        assertEquals(OK, s.withSeed(OK.seed()));
        assertEquals(5, OK.withEvents(5).events());
        GeneratorConfig g = OK.withTasteGroups(3, 4, 0.5);
        assertEquals(3, g.tasteGroups());
        assertEquals(4, g.categoriesPerGroup());
        assertEquals(0.5, g.groupAffinity());
    }

    @Test
    void everyBadValueIsNamedInTheMessage() {
        expect("users must be >= 1, got 0", () -> GeneratorConfig.small(10, 0, 10, 1, 1, 1));
        expect("items must be >= categories (20), got 10", () -> GeneratorConfig.small(10, 1, 10, 20, 1, 1));
        expect("categories must be >= 1, got 0", () -> GeneratorConfig.small(10, 1, 10, 0, 1, 1));
        expect("events must be in 0..100000000000, got -1", () -> GeneratorConfig.small(-1, 1, 10, 1, 1, 1));
        expect("days must be in 1..366, got 0", () -> GeneratorConfig.small(10, 1, 10, 1, 0, 1));
        expect("items must be <= 100000000, got 100000001",
                () -> GeneratorConfig.small(10, 1, 100_000_001, 1, 1, 1));
        expect("startEpochSecond must be in 0..9000000000, got -5", () -> with(OK, "start", -5));
        expect("itemZipfExponent must be in 0.0..4.0, got NaN", () -> with(OK, "itemZipf", Double.NaN));
        expect("categoryZipfExponent must be in 0.0..4.0, got 5.0", () -> with(OK, "categoryZipf", 5));
        expect("activitySigma must be in 0.0..4.0, got -1.0", () -> with(OK, "sigma", -1));
        expect("pvShare + cartShare + favShare + buyShare must be 1, got 1.1", () -> with(OK, "pv", 0.9959));
        expect("tasteGroups must be in 1..1000000, got 0", () -> with(OK, "groups", 0));
        expect("categoriesPerGroup must be in 1..categories (20), got 21", () -> with(OK, "perGroup", 21));
        expect("groupAffinity must be in 0.0..1.0, got 1.5", () -> with(OK, "affinity", 1.5));
        expect("categoryStickiness + transitionFollow must be <= 0.9, got 1.0", () -> with(OK, "sticky", 0.6));
        expect("funnelLeak must be in 0.0..1.0, got -0.1", () -> with(OK, "leak", -0.1));
        expect("promoDay must be -1 (none) or in 0..8, got 9", () -> with(OK, "promo", 9));
        expect("promoBuyFactor must be in 1.0..20.0, got 0.5", () -> with(OK, "promoBuy", 0.5));
        expect("promoTrafficFactor must be in 1.0..10.0, got 11.0", () -> with(OK, "promoTraffic", 11));
        expect("utcOffsetHours must be in -12..14, got 15", () -> with(OK, "utc", 15));
    }

    @Property(tries = 50)
    void smallAcceptsEveryConsistentSize(@ForAll @IntRange(min = 1, max = 5_000) int users,
            @ForAll @IntRange(min = 1, max = 300) int categories, @ForAll @IntRange(min = 0, max = 1_000) int extra,
            @ForAll @IntRange(min = 1, max = 366) int days) {
        GeneratorConfig c = GeneratorConfig.small(10_000, users, categories + extra, categories, days, 3);
        assertTrue(c.tasteGroups() >= 1 && c.categoriesPerGroup() <= categories);
        assertTrue(c.promoDay() >= 0 && c.promoDay() < days);
    }

    @Property(tries = 50)
    void nonPositiveUsersAreRejectedWithTheValue(@ForAll @IntRange(min = -1_000, max = 0) int users) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GeneratorConfig.small(10, users, 10, 1, 1, 1));
        assertEquals("users must be >= 1, got " + users, e.getMessage());
    }

    private static void expect(String message, Supplier<GeneratorConfig> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertEquals(message, e.getMessage());
    }

    private static GeneratorConfig with(GeneratorConfig c, String knob, double v) {
        return new GeneratorConfig(c.events(), c.users(), c.items(), c.categories(), c.days(), c.seed(),
                knob.equals("start") ? (long) v : c.startEpochSecond(),
                knob.equals("itemZipf") ? v : c.itemZipfExponent(),
                knob.equals("categoryZipf") ? v : c.categoryZipfExponent(),
                knob.equals("sigma") ? v : c.activitySigma(),
                knob.equals("pv") ? v : c.pvShare(), c.cartShare(), c.favShare(), c.buyShare(),
                knob.equals("groups") ? (int) v : c.tasteGroups(),
                knob.equals("perGroup") ? (int) v : c.categoriesPerGroup(),
                knob.equals("affinity") ? v : c.groupAffinity(),
                knob.equals("sticky") ? v : c.categoryStickiness(), c.transitionFollow(),
                knob.equals("leak") ? v : c.funnelLeak(),
                knob.equals("promo") ? (int) v : c.promoDay(),
                knob.equals("promoBuy") ? v : c.promoBuyFactor(),
                knob.equals("promoTraffic") ? v : c.promoTrafficFactor(),
                knob.equals("utc") ? (int) v : c.utcOffsetHours());
    }
}
