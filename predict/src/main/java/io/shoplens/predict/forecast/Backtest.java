package io.shoplens.predict.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rolling-origin evaluation (Tashman, "Out-of-sample tests of forecasting accuracy", IJF 2000) of forecasting
 * methods on daily series, with MASE (Hyndman &amp; Koehler, IJF 2006; scale = in-sample seasonal naive MAE of each
 * history, 1 when that is 0) and sMAPE (in percent; days where actual and forecast are both 0 count 0).
 *
 * <p>Origins step back from the end of the series by {@code step} days: the earliest {@code validationFolds}
 * origins are validation, the latest {@code testFolds} are test. At every origin each method sees only the days
 * before it. The best method is chosen by validation MASE. Prediction intervals come from the validation folds:
 * for each step ahead, the empirical quantiles of the scaled errors (actual - forecast) / scale give the bounds
 * (Hyndman &amp; Athanasopoulos, FPP3 §5.5, bootstrapped residuals), and their coverage is measured on test.
 *
 * @param horizon         days forecast at each origin, at least 1
 * @param validationFolds origins for validation, at least 1
 * @param testFolds       origins for test, at least 1
 * @param step            days between origins, at least 1
 * @param season          season length for MASE scaling, at least 1
 * @param coverage        nominal interval coverage in (0, 1), e.g. 0.8
 */
public record Backtest(int horizon, int validationFolds, int testFolds, int step, int season, double coverage) {
    public Backtest {
        if (horizon < 1 || validationFolds < 1 || testFolds < 1 || step < 1 || season < 1) {
            throw new IllegalArgumentException("horizon, folds, step and season must be >= 1, got " + horizon + ", "
                    + validationFolds + ", " + testFolds + ", " + step + ", " + season);
        }
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("coverage must be in (0, 1), got " + coverage);
        }
    }

    /** Horizon 7, 4 validation and 4 test origins a week apart, weekly season, 80% intervals. */
    public static Backtest weekly() {
        return new Backtest(7, 4, 4, 7, 7, 0.8);
    }

    /**
     * One method's scores.
     *
     * @param name            method
     * @param validationMase  mean MASE over validation origins and series
     * @param validationSmape mean sMAPE over validation origins and series
     * @param testMase        mean MASE over test origins and series
     * @param testSmape       mean sMAPE over test origins and series
     * @param testMaseByGroup test MASE by series group (the first word of the series name: total, category, item)
     * @param intervalCoverage share of test actuals inside the prediction interval
     * @param intervalWidth   mean interval width on test divided by the MASE scale
     * @param seconds         wall time of all forecasts
     */
    public record MethodResult(String name, double validationMase, double validationSmape, double testMase,
                               double testSmape, Map<String, Double> testMaseByGroup, double intervalCoverage,
                               double intervalWidth, double seconds) {
    }

    /**
     * One forecast for a chart: the best method at the last test origin for the first series.
     *
     * @param series   series name
     * @param dates    ISO dates of the history tail and the forecast days
     * @param actual   actual values over {@code dates}
     * @param forecast forecast values (NaN over the history tail)
     * @param lower    interval lower bounds (NaN over the history tail)
     * @param upper    interval upper bounds (NaN over the history tail)
     */
    public record Chart(String series, List<String> dates, double[] actual, double[] forecast, double[] lower,
                        double[] upper) {
    }

    /**
     * The outcome.
     *
     * @param protocol one readable line
     * @param series   number of series
     * @param baseline the baseline method
     * @param best     the method with the best validation MASE
     * @param methods  results, in the order given
     * @param chart    the best method's last test forecast of the first series
     */
    public record Report(String protocol, int series, String baseline, String best, List<MethodResult> methods,
                         Chart chart) {
        /** The result of {@code name}. */
        public MethodResult method(String name) {
            return methods.stream().filter(m -> m.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no method " + name + " in the report"));
        }
    }

    /** Runs every method on every origin; the first method is the baseline. */
    public Report run(List<DailySeries> series, List<ForecastMethod> methods) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series to forecast");
        }
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("no forecasting methods given");
        }
        int n = series.get(0).length();
        for (DailySeries s : series) {
            if (s.length() != n || !s.start().equals(series.get(0).start())) {
                throw new IllegalArgumentException("series '" + s.name() + "' covers other days than '"
                        + series.get(0).name() + "'; all series must share their days");
            }
        }
        int folds = validationFolds + testFolds;
        int firstOrigin = n - horizon - (folds - 1) * step;
        if (firstOrigin < 2 * season) {
            throw new IllegalArgumentException("the series have " + n + " days; " + folds + " origins " + step
                    + " days apart with horizon " + horizon + " need at least " + (2 * season + horizon
                    + (folds - 1) * step) + " days");
        }
        List<MethodResult> results = new ArrayList<>();
        List<Scored> scored = new ArrayList<>();
        double[][][][] forecasts = new double[methods.size()][][][];
        for (int m = 0; m < methods.size(); m++) {
            long t0 = System.nanoTime();
            forecasts[m] = new double[folds][][];
            for (int f = 0; f < folds; f++) {
                int origin = firstOrigin + f * step;
                List<DailySeries> histories = series.stream().map(s -> s.head(origin)).toList();
                forecasts[m][f] = methods.get(m).forecast(histories, horizon);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Scored sc = score(methods.get(m).name(), series, forecasts[m], firstOrigin, seconds);
            scored.add(sc);
            results.add(sc.result());
        }
        MethodResult best = results.stream().min((a, b) -> Double.compare(a.validationMase(), b.validationMase()))
                .orElseThrow();
        int bi = results.indexOf(best);
        Chart chart = chart(series.get(0), forecasts[bi][validationFolds + testFolds - 1], 0, firstOrigin,
                scored.get(bi));
        String protocol = String.format(Locale.ROOT, "rolling origin: %d series of %d days from %s; %d validation "
                + "and %d test origins %d days apart, horizon %d days, each method sees only days before the "
                + "origin; MASE scaled by the in-sample seasonal naive (season %d); %d%% intervals from validation "
                + "residual quantiles; best method chosen by validation MASE", series.size(), n,
                series.get(0).start(), validationFolds, testFolds, step, horizon, season, Math.round(coverage * 100));
        return new Report(protocol, series.size(), methods.get(0).name(), best.name(), results, chart);
    }

    /** A method's result and its interval quantiles of scaled errors per step ahead. */
    private record Scored(MethodResult result, double[] lower, double[] upper) {
    }

    private Scored score(String name, List<DailySeries> series, double[][][] f, int firstOrigin,
            double seconds) {
        double[] vm = new double[2];
        double[] ts = new double[2];
        double[] tm = new double[2];
        double[] vs = new double[2];
        Map<String, double[]> byGroup = new LinkedHashMap<>();
        double[] lo = new double[horizon];
        double[] hi = new double[horizon];
        List<List<Double>> residuals = new ArrayList<>();
        for (int h = 0; h < horizon; h++) {
            residuals.add(new ArrayList<>());
        }
        for (int fold = 0; fold < validationFolds + testFolds; fold++) {
            int origin = firstOrigin + fold * step;
            boolean test = fold >= validationFolds;
            for (int s = 0; s < series.size(); s++) {
                double[] y = series.get(s).values();
                double scale = scale(y, origin);
                double ae = 0;
                double sm = 0;
                for (int h = 0; h < horizon; h++) {
                    double a = y[origin + h];
                    double p = f[fold][s][h];
                    ae += Math.abs(a - p);
                    sm += a == 0 && p == 0 ? 0 : 200 * Math.abs(a - p) / (Math.abs(a) + Math.abs(p));
                    if (!test) {
                        residuals.get(h).add((a - p) / scale);
                    }
                }
                double mase = ae / horizon / scale;
                double smape = sm / horizon;
                if (test) {
                    tm[0] += mase;
                    tm[1]++;
                    ts[0] += smape;
                    ts[1]++;
                    double[] g = byGroup.computeIfAbsent(group(series.get(s).name()), k -> new double[2]);
                    g[0] += mase;
                    g[1]++;
                } else {
                    vm[0] += mase;
                    vm[1]++;
                    vs[0] += smape;
                    vs[1]++;
                }
            }
        }
        for (int h = 0; h < horizon; h++) {
            double[] r = residuals.get(h).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            lo[h] = quantile(r, (1 - coverage) / 2);
            hi[h] = quantile(r, (1 + coverage) / 2);
        }
        long inside = 0;
        long total = 0;
        double width = 0;
        for (int fold = validationFolds; fold < validationFolds + testFolds; fold++) {
            int origin = firstOrigin + fold * step;
            for (int s = 0; s < series.size(); s++) {
                double[] y = series.get(s).values();
                double scale = scale(y, origin);
                for (int h = 0; h < horizon; h++) {
                    double p = f[fold][s][h];
                    double l = Math.max(0, p + lo[h] * scale);
                    double u = Math.max(l, p + hi[h] * scale);
                    if (y[origin + h] >= l && y[origin + h] <= u) {
                        inside++;
                    }
                    total++;
                    width += (u - l) / scale;
                }
            }
        }
        Map<String, Double> groups = new LinkedHashMap<>();
        byGroup.forEach((k, v) -> groups.put(k, v[0] / v[1]));
        return new Scored(new MethodResult(name, vm[0] / vm[1], vs[0] / vs[1], tm[0] / tm[1], ts[0] / ts[1],
                groups, (double) inside / total, width / total, seconds), lo, hi);
    }

    /** The chart of series {@code index} of {@code f} (one origin's forecasts) at the last origin. */
    private Chart chart(DailySeries s, double[][] f, int index, int firstOrigin, Scored method) {
        int origin = firstOrigin + (validationFolds + testFolds - 1) * step;
        int tail = Math.min(origin, 4 * season);
        int len = tail + horizon;
        List<String> dates = new ArrayList<>();
        double[] actual = new double[len];
        double[] fc = new double[len];
        double[] lower = new double[len];
        double[] upper = new double[len];
        Arrays.fill(fc, Double.NaN);
        Arrays.fill(lower, Double.NaN);
        Arrays.fill(upper, Double.NaN);
        double scale = scale(s.values(), origin);
        for (int k = 0; k < len; k++) {
            int t = origin - tail + k;
            dates.add(s.start().plusDays(t).toString());
            actual[k] = s.values()[t];
            if (k >= tail) {
                int h = k - tail;
                fc[k] = f[index][h];
                lower[k] = Math.max(0, fc[k] + method.lower()[h] * scale);
                upper[k] = Math.max(lower[k], fc[k] + method.upper()[h] * scale);
            }
        }
        return new Chart(s.name(), dates, actual, fc, lower, upper);
    }

    private double scale(double[] y, int origin) {
        double s = 0;
        int n = 0;
        for (int t = season; t < origin; t++) {
            s += Math.abs(y[t] - y[t - season]);
            n++;
        }
        double v = n == 0 ? 0 : s / n;
        return v > 0 ? v : 1;
    }

    private static String group(String name) {
        int sp = name.indexOf(' ');
        return sp < 0 ? name : name.substring(0, sp);
    }

    /** Linear-interpolated quantile of sorted values (0 when empty). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
