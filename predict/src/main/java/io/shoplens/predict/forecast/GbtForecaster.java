package io.shoplens.predict.forecast;

import io.shoplens.predict.tabular.GbtParams;
import io.shoplens.predict.tabular.GbtTrainer;
import io.shoplens.predict.tabular.TabularModel;
import io.shoplens.predict.tabular.Table;
import io.shoplens.predict.tabular.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * A global gradient-boosted-trees forecaster on lag and calendar features, direct multi-horizon: one XGBoost model
 * over every series, origin and step h = 1..horizon (h is a feature), predicting the value h days after the origin
 * divided by the series' recent level (mean of the last 28 days + 1), so series of different sizes share one
 * model. Features at an origin use only days before it: the last 14 days, 7- and 28-day means and the 28-day
 * standard deviation, the same weekday one season back and the mean of that weekday over the last four weeks, the
 * target's day of week and day of month, and h. The training rows whose target falls in the last {@code horizon}
 * days of the history are the validation rows for early stopping. Forecasts below 0 are set to 0.
 *
 * @param params XGBoost settings
 */
public record GbtForecaster(GbtParams params) implements ForecastMethod {
    static final int LAGS = 14;
    static final int WINDOW = 28;
    static final List<String> FEATURES;

    static {
        List<String> f = new ArrayList<>();
        for (int k = 1; k <= LAGS; k++) {
            f.add("lag_" + k);
        }
        f.addAll(List.of("mean_7", "mean_28", "sd_28", "same_weekday_last_week", "same_weekday_mean_4w",
                "target_day_of_week", "target_day_of_month", "h"));
        FEATURES = List.copyOf(f);
    }

    @Override
    public String name() {
        return "xgboost-lags";
    }

    @Override
    public double[][] forecast(List<DailySeries> histories, int horizon) {
        List<float[]> trainX = new ArrayList<>();
        List<Float> trainY = new ArrayList<>();
        List<float[]> validX = new ArrayList<>();
        List<Float> validY = new ArrayList<>();
        for (DailySeries s : histories) {
            ForecastMethod.requireLength(s, WINDOW + 2 * horizon, name());
            int n = s.length();
            double[] values = s.values();
            for (int origin = WINDOW; origin < n; origin++) {
                double scale = scale(values, origin);
                for (int h = 1; h <= horizon && origin + h - 1 < n; h++) {
                    float[] x = features(values, s, origin, h, scale);
                    float y = (float) (values[origin + h - 1] / scale);
                    if (origin + h - 1 >= n - horizon) {
                        validX.add(x);
                        validY.add(y);
                    } else {
                        trainX.add(x);
                        trainY.add(y);
                    }
                }
            }
        }
        Table train = table(trainX, trainY, "forecast train rows");
        Table valid = table(validX, validY, "forecast validation rows");
        TabularModel model = new GbtTrainer(params).train(train, valid);
        double[][] out = new double[histories.size()][horizon];
        for (int i = 0; i < histories.size(); i++) {
            DailySeries s = histories.get(i);
            int origin = s.length();
            double scale = scale(s.values(), origin);
            for (int h = 1; h <= horizon; h++) {
                out[i][h - 1] = Math.max(0, model.predict(features(s, origin, h, scale))[0] * scale);
            }
        }
        return out;
    }

    private static Table table(List<float[]> x, List<Float> y, String name) {
        float[] ys = new float[y.size()];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = y.get(i);
        }
        return new Table(FEATURES, x.toArray(new float[0][]), ys, Task.REGRESSION, 1, name).requireRows(name);
    }

    /** Mean of the {@link #WINDOW} days before {@code origin}, plus 1. */
    static double scale(double[] y, int origin) {
        double s = 0;
        for (int t = origin - WINDOW; t < origin; t++) {
            s += y[t];
        }
        return s / WINDOW + 1;
    }

    /** The features for the day {@code h} days after {@code origin} (origin = first unseen day). */
    static float[] features(DailySeries s, int origin, int h, double scale) {
        return features(s.values(), s, origin, h, scale);
    }

    private static float[] features(double[] y, DailySeries s, int origin, int h, double scale) {
        float[] x = new float[FEATURES.size()];
        int k = 0;
        for (int lag = 1; lag <= LAGS; lag++) {
            x[k++] = (float) (y[origin - lag] / scale);
        }
        double m7 = 0;
        for (int t = origin - 7; t < origin; t++) {
            m7 += y[t];
        }
        double m28 = 0;
        for (int t = origin - WINDOW; t < origin; t++) {
            m28 += y[t];
        }
        m28 /= WINDOW;
        double v = 0;
        for (int t = origin - WINDOW; t < origin; t++) {
            v += (y[t] - m28) * (y[t] - m28);
        }
        int target = origin + h - 1;
        int back = target - 7 * ((h + 6) / 7);
        double sameWeekday = 0;
        int weeks = 0;
        for (int t = back; t >= origin - WINDOW && weeks < 4; t -= 7) {
            sameWeekday += y[t];
            weeks++;
        }
        x[k++] = (float) (m7 / 7 / scale);
        x[k++] = (float) (m28 / scale);
        x[k++] = (float) (Math.sqrt(v / WINDOW) / scale);
        x[k++] = (float) (y[back] / scale);
        x[k++] = (float) (sameWeekday / weeks / scale);
        x[k++] = s.dayOfWeek(target);
        x[k++] = s.start().plusDays(target).getDayOfMonth();
        x[k] = h;
        return x;
    }
}
