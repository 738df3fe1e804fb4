package io.shoplens.predict.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.predict.tabular.GbtParams;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForecastTest {
    private static final LocalDate MONDAY = LocalDate.of(2024, 1, 1);
    private static final GbtParams GBT = new GbtParams(300, 3, 0.1, 0.8, 0.8, 1, 1, 20, 1, 3);

    /** Poisson-like counts around a weekly profile times a level, with a slow trend. */
    static List<DailySeries> weekly(int series, int days, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] profile = {0.8, 0.9, 1.0, 1.0, 1.1, 1.5, 1.3};
        List<DailySeries> out = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            double level = 5 + 30 * r.nextDouble();
            double[] v = new double[days];
            for (int t = 0; t < days; t++) {
                double mean = level * profile[t % 7] * (1 + 0.002 * t);
                v[t] = Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
            }
            out.add(new DailySeries(s == 0 ? "total" : "category " + s, MONDAY, v));
        }
        return out;
    }

    @Test
    void smoothingAndTreesBeatTheSeasonalNaiveOnNoisyWeeklySeries() {
        List<DailySeries> data = weekly(12, 150, 1);
        Backtest.Report r = Backtest.weekly().run(data, List.of(new SeasonalNaive(7), new HoltWinters(7),
                new GbtForecaster(GBT)));
        double naive = r.method("seasonal-naive").testMase();
        double hw = r.method("holt-winters").testMase();
        double gbt = r.method("xgboost-lags").testMase();
        assertTrue(hw < 0.9 * naive, "holt-winters MASE " + hw + " vs seasonal naive " + naive);
        assertTrue(gbt < 0.9 * naive, "xgboost MASE " + gbt + " vs seasonal naive " + naive);
        Backtest.MethodResult best = r.method(r.best());
        assertTrue(best.intervalCoverage() > 0.6 && best.intervalCoverage() < 0.95,
                "80% intervals cover " + best.intervalCoverage());
        assertEquals(4 * 7 + 7, r.chart().dates().size());
        assertTrue(Double.isNaN(r.chart().forecast()[0]));
        assertTrue(r.chart().lower()[30] <= r.chart().forecast()[30]
                && r.chart().forecast()[30] <= r.chart().upper()[30]);
        assertTrue(r.method("seasonal-naive").testMaseByGroup().containsKey("category"));
    }

    @Test
    void forecastsHaveTheRightShapeAndNeverGoNegative() {
        List<DailySeries> data = weekly(3, 70, 2);
        for (ForecastMethod m : List.of(new SeasonalNaive(7), new HoltWinters(7), new GbtForecaster(GBT),
                new LstmForecaster(14, 8, 4, 32, 0.01, 2, 1, 5))) {
            double[][] f = m.forecast(data, 10);
            assertEquals(3, f.length);
            for (double[] row : f) {
                assertEquals(10, row.length);
                for (double v : row) {
                    assertTrue(v >= 0 && Double.isFinite(v), m.name() + " forecast " + v);
                }
            }
        }
        double[] periodic = new double[21];
        for (int t = 0; t < 21; t++) {
            periodic[t] = t % 7;
        }
        double[][] f = new SeasonalNaive(7).forecast(List.of(new DailySeries("p", MONDAY, periodic)), 9);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 0, 1}, f[0], 0);
    }

    @Test
    void theLstmIsSeededAndRejectsBadSettings() {
        List<DailySeries> data = weekly(3, 70, 5);
        LstmForecaster lstm = new LstmForecaster(14, 8, 3, 32, 0.01, 2, 1, 9);
        assertArrayEquals(lstm.forecast(data, 5)[1], lstm.forecast(data, 5)[1], 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LstmForecaster(3, 8, 3, 32, 0.01, 2, 1, 9));
        assertTrue(e.getMessage().contains("window must be in 7..365, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forecast(weekly(1, 40, 6), 7));
        assertTrue(e.getMessage().contains("at least 42 days"), e.getMessage());
    }

    @Test
    void aForecastDependsOnlyOnTheDaysBeforeTheOrigin() {
        List<DailySeries> data = weekly(4, 120, 3);
        Backtest bt = new Backtest(7, 1, 1, 7, 7, 0.8);
        List<DailySeries> changed = new ArrayList<>();
        for (DailySeries s : data) {
            double[] v = s.values();
            for (int t = 113; t < 120; t++) {
                v[t] = 1000;
            }
            changed.add(new DailySeries(s.name(), s.start(), v));
        }
        Backtest.Report a = bt.run(data, List.of(new SeasonalNaive(7), new GbtForecaster(GBT)));
        Backtest.Report b = bt.run(changed, List.of(new SeasonalNaive(7), new GbtForecaster(GBT)));
        assertEquals(a.method("xgboost-lags").validationMase(), b.method("xgboost-lags").validationMase(), 0,
                "the validation origin precedes the changed days");
        assertTrue(b.method("xgboost-lags").testMase() > a.method("xgboost-lags").testMase(),
                "the test origin's actuals changed");
    }

    @Test
    void badSeriesFailWithTheBadValueNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DailySeries("x", MONDAY, new double[0]));
        assertTrue(e.getMessage().contains("'x' is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DailySeries("x", MONDAY, new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("NaN on 2024-01-02"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DailySeries("x", MONDAY, new double[] {-1}));
        assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
        List<DailySeries> shortSeries = weekly(1, 20, 4);
        e = assertThrows(IllegalArgumentException.class, () -> Backtest.weekly().run(shortSeries,
                List.of(new SeasonalNaive(7))));
        assertTrue(e.getMessage().contains("20 days"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HoltWinters(7).forecast(shortSeries.stream()
                .map(s -> s.head(10)).toList(), 3));
        assertTrue(e.getMessage().contains("at least 14 days"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Backtest.weekly().run(List.of(), List.of()));
        assertTrue(e.getMessage().contains("no series"), e.getMessage());
    }

    @Test
    void purchasesBecomeDailySeriesInTheShopsTimeZone() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long midnightBeijing = 1_511_539_200L;
        b.event("1", "10", "100", Behavior.BUY, midnightBeijing - 60);
        b.event("1", "10", "100", Behavior.BUY, midnightBeijing + 60);
        b.event("2", "11", "100", Behavior.BUY, midnightBeijing + 86_400 * 2 + 5);
        b.event("2", "12", "200", Behavior.BUY, midnightBeijing + 86_400 * 2 + 9);
        b.event("2", "12", "200", Behavior.PV, midnightBeijing + 86_400 + 9);
        InteractionStore s = b.build();
        List<DailySeries> total = DailySeries.fromBuys(s, DailySeries.Level.TOTAL, 1, 8);
        assertEquals(1, total.size());
        assertEquals(LocalDate.of(2017, 11, 24), total.get(0).start());
        assertArrayEquals(new double[] {1, 1, 0, 2}, total.get(0).values(), 0);
        List<DailySeries> cats = DailySeries.fromBuys(s, DailySeries.Level.CATEGORY, 5, 8);
        assertEquals("category 100", cats.get(0).name());
        assertArrayEquals(new double[] {1, 1, 0, 1}, cats.get(0).values(), 0);
        assertArrayEquals(new double[] {0, 0, 0, 1}, cats.get(1).values(), 0);
        InteractionStoreBuilder none = new InteractionStoreBuilder();
        none.event("1", "10", "100", Behavior.PV, midnightBeijing);
        InteractionStore noBuys = none.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DailySeries.fromBuys(noBuys, DailySeries.Level.TOTAL, 1, 8));
        assertTrue(e.getMessage().contains("no purchases"), e.getMessage());
    }

    static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
