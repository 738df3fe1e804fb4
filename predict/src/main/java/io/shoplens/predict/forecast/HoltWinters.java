package io.shoplens.predict.forecast;

import java.util.List;

/**
 * Additive Holt-Winters exponential smoothing with a damped trend (Holt 1957; Winters, Management Science 1960;
 * Gardner &amp; McKenzie, Management Science 1985). For each series the smoothing weights α (level), β (trend),
 * γ (season) and the damping φ are chosen on a fixed grid by the smallest one-step-ahead squared error over the
 * history; the state starts from the first two seasons. Forecasts below 0 are set to 0 (sales cannot be negative).
 *
 * @param season the season length in days, at least 2; every series needs at least two seasons
 */
public record HoltWinters(int season) implements ForecastMethod {
    private static final double[] ALPHA = {0.05, 0.1, 0.2, 0.3, 0.5};
    private static final double[] BETA = {0.0, 0.02, 0.1};
    private static final double[] GAMMA = {0.05, 0.15, 0.3};
    private static final double[] PHI = {0.8, 0.95};

    public HoltWinters {
        if (season < 2) {
            throw new IllegalArgumentException("season must be >= 2, got " + season);
        }
    }

    @Override
    public String name() {
        return "holt-winters";
    }

    @Override
    public double[][] forecast(List<DailySeries> histories, int horizon) {
        double[][] out = new double[histories.size()][];
        for (int s = 0; s < histories.size(); s++) {
            DailySeries d = histories.get(s);
            ForecastMethod.requireLength(d, 2 * season, name());
            double best = Double.POSITIVE_INFINITY;
            double[] bestForecast = null;
            for (double a : ALPHA) {
                for (double b : BETA) {
                    for (double g : GAMMA) {
                        for (double phi : PHI) {
                            double[] f = new double[horizon];
                            double sse = run(d.values(), a, b, g, phi, f);
                            if (sse < best) {
                                best = sse;
                                bestForecast = f;
                            }
                        }
                    }
                }
            }
            out[s] = bestForecast;
        }
        return out;
    }

    /** Runs the recursions over {@code y}, fills {@code forecast} and returns the one-step squared error. */
    private double run(double[] y, double alpha, double beta, double gamma, double phi, double[] forecast) {
        int m = season;
        double first = 0;
        double second = 0;
        for (int i = 0; i < m; i++) {
            first += y[i];
            second += y[m + i];
        }
        first /= m;
        second /= m;
        double level = first;
        double trend = (second - first) / m;
        double[] seasonal = new double[m];
        for (int i = 0; i < m; i++) {
            seasonal[i] = y[i] - first;
        }
        double sse = 0;
        for (int t = m; t < y.length; t++) {
            double s = seasonal[t % m];
            double predicted = level + phi * trend + s;
            double e = y[t] - predicted;
            sse += e * e;
            double previousLevel = level;
            level = alpha * (y[t] - s) + (1 - alpha) * (previousLevel + phi * trend);
            trend = beta * (level - previousLevel) + (1 - beta) * phi * trend;
            seasonal[t % m] = gamma * (y[t] - level) + (1 - gamma) * s;
        }
        double damp = 0;
        for (int h = 1; h <= forecast.length; h++) {
            damp += Math.pow(phi, h);
            forecast[h - 1] = Math.max(0, level + damp * trend + seasonal[(y.length + h - 1) % m]);
        }
        return sse;
    }
}
