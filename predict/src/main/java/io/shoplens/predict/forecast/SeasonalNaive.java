package io.shoplens.predict.forecast;

import java.util.List;

/**
 * The seasonal naive forecast (Hyndman &amp; Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed.,
 * §5.2): each day ahead repeats the value of the same day in the last observed season, {@code ŷ(T+h) =
 * y(T+h-m·⌈h/m⌉)}.
 *
 * @param season the season length m in days, at least 1 (7 = weekly)
 */
public record SeasonalNaive(int season) implements ForecastMethod {
    public SeasonalNaive {
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1, got " + season);
        }
    }

    @Override
    public String name() {
        return "seasonal-naive";
    }

    @Override
    public double[][] forecast(List<DailySeries> histories, int horizon) {
        double[][] out = new double[histories.size()][horizon];
        for (int s = 0; s < histories.size(); s++) {
            DailySeries d = histories.get(s);
            ForecastMethod.requireLength(d, season, name());
            int n = d.length();
            for (int h = 0; h < horizon; h++) {
                out[s][h] = d.values()[n - season + (h % season)];
            }
        }
        return out;
    }
}
