package io.shoplens.predict.forecast;

import java.util.List;

/**
 * A forecasting method: given the histories of several series up to the same origin, forecasts each of them
 * {@code horizon} days ahead. Local methods fit each series alone; global methods may learn across series.
 * Implementations hold only validated settings and may be shared between threads.
 */
public interface ForecastMethod {
    /** The method's name in reports. */
    String name();

    /** Forecasts, {@code histories.size() × horizon}, every value finite and at least 0. */
    double[][] forecast(List<DailySeries> histories, int horizon);

    /** Fails when {@code s} is shorter than {@code min} days. */
    static void requireLength(DailySeries s, int min, String method) {
        if (s.length() < min) {
            throw new IllegalArgumentException(method + " needs at least " + min + " days of history; series '"
                    + s.name() + "' has " + s.length());
        }
    }
}
