package io.shoplens.cli;

import io.shoplens.core.data.DataException;
import io.shoplens.core.data.Dataset;
import io.shoplens.predict.forecast.Backtest;
import io.shoplens.predict.forecast.DailySeries;
import io.shoplens.predict.forecast.ForecastMethod;
import io.shoplens.predict.forecast.GbtForecaster;
import io.shoplens.predict.forecast.HoltWinters;
import io.shoplens.predict.forecast.LstmForecaster;
import io.shoplens.predict.forecast.SeasonalNaive;
import io.shoplens.predict.tabular.GbtParams;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Daily sales forecasting with rolling-origin backtests. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Daily sales forecasting (purchases per day: total, top categories, top items, or order "
                + "quantities with --format online-retail): seasonal naive (baseline), Holt-Winters, XGBoost on "
                + "lag/calendar features and an LSTM, rolling-origin backtest, MASE, sMAPE and prediction intervals.")
final class PredictForecast implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PredictData data;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N",
            description = "Best-selling categories and items forecast beside the total (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--horizon", defaultValue = "7", paramLabel = "DAYS",
            description = "Days forecast at each origin (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--validation-folds", defaultValue = "4", paramLabel = "N",
            description = "Validation origins (default: ${DEFAULT-VALUE}).")
    int validationFolds;

    @Option(names = "--test-folds", defaultValue = "4", paramLabel = "N",
            description = "Test origins (default: ${DEFAULT-VALUE}).")
    int testFolds;

    @Option(names = "--step", defaultValue = "7", paramLabel = "DAYS",
            description = "Days between origins (default: ${DEFAULT-VALUE}).")
    int step;

    @Option(names = "--utc-offset", defaultValue = "8", paramLabel = "H",
            description = "Shop time zone that cuts days, hours east of UTC (default: ${DEFAULT-VALUE}).")
    int utcOffset;

    @Option(names = "--param", paramLabel = "xgboost.KEY=VALUE", description = "An XGBoost hyperparameter.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "42", description = "XGBoost seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-lstm", description = "Leave out the LSTM (the slowest method).")
    boolean noLstm;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON here.")
    Path json;

    @Option(names = "--chart", paramLabel = "FILE", description = "Write the best method's last test forecast of "
            + "the total as an SVG chart here.")
    Path chart;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> xgb = new LinkedHashMap<>(PredictData.paramsByLearner(params, List.of("xgboost"))
                .get("xgboost"));
        xgb.putIfAbsent("seed", Long.toString(seed));
        xgb.putIfAbsent("maxDepth", "4");
        xgb.putIfAbsent("eta", "0.05");
        GbtParams gbt = GbtParams.from(xgb);
        Backtest backtest = new Backtest(horizon, validationFolds, testFolds, step, 7, 0.8);
        Dataset d = data.defaults(3_000_000, 150).load(out);
        List<DailySeries> series = new ArrayList<>();
        if (!d.orders().isEmpty()) {
            series.addAll(DailySeries.fromOrders(d.orders(), DailySeries.Level.TOTAL, 1, utcOffset,
                    i -> d.events().items().externalId(i)));
            series.addAll(DailySeries.fromOrders(d.orders(), DailySeries.Level.ITEM, top, utcOffset,
                    i -> d.events().items().externalId(i)));
        } else {
            for (DailySeries.Level level : DailySeries.Level.values()) {
                series.addAll(DailySeries.fromBuys(d.events(), level, top, utcOffset));
            }
        }
        List<ForecastMethod> methods = new ArrayList<>(List.of(new SeasonalNaive(7), new HoltWinters(7),
                new GbtForecaster(gbt)));
        if (!noLstm) {
            methods.add(LstmForecaster.defaults(gbt.threads(), seed));
        }
        Backtest.Report r = backtest.run(series, methods);
        out.println();
        out.println("task:     daily sales forecast (" + (d.orders().isEmpty() ? "purchases" : "order units")
                + " per day)");
        out.println("protocol: " + r.protocol());
        out.printf("data:     %s; %s%n", d.name(), data.fingerprint(d));
        Tables t = new Tables().row("method", "val MASE", "test MASE", "test sMAPE %", "MASE total",
                "MASE category", "MASE item", "80% PI coverage", "PI width/scale", "seconds");
        for (Backtest.MethodResult m : r.methods()) {
            t.row(m.name() + (m.name().equals(r.baseline()) ? " (baseline)" : ""), m.validationMase(), m.testMase(),
                    m.testSmape(), group(m, "total"), group(m, "category"), group(m, "item"), m.intervalCoverage(),
                    m.intervalWidth(), m.seconds());
        }
        t.print(out);
        Backtest.MethodResult best = r.method(r.best());
        Backtest.MethodResult base = r.method(r.baseline());
        out.printf(Locale.ROOT, "best by validation MASE: %s; test MASE %.4f vs seasonal naive %.4f (%.1f%% lower), "
                + "sMAPE %.2f vs %.2f%n", best.name(), best.testMase(), base.testMase(),
                100 * (1 - best.testMase() / base.testMase()), best.testSmape(), base.testSmape());
        if (json != null) {
            EvaluateCommand.writeJson(json, r);
            out.println("wrote " + json);
        }
        if (chart != null) {
            writeSvg(chart, r.chart(), r.best());
            out.println("wrote " + chart);
        }
        return 0;
    }

    private static Object group(Backtest.MethodResult m, String g) {
        Double v = m.testMaseByGroup().get(g);
        return v == null ? "-" : v;
    }

    /** A line chart: actual days (black), forecast (blue) and its interval (shaded). */
    static void writeSvg(Path file, Backtest.Chart c, String method) {
        int w = 760;
        int h = 300;
        int pad = 40;
        int n = c.dates().size();
        double max = 1;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, c.actual()[k]);
            if (!Double.isNaN(c.upper()[k])) {
                max = Math.max(max, c.upper()[k]);
            }
        }
        double top = max * 1.1;
        StringBuilder band = new StringBuilder();
        StringBuilder lower = new StringBuilder();
        StringBuilder actual = new StringBuilder();
        StringBuilder forecast = new StringBuilder();
        for (int k = 0; k < n; k++) {
            double x = pad + (w - 2.0 * pad) * k / Math.max(1, n - 1);
            actual.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y(c.actual()[k], top, h, pad)));
            if (!Double.isNaN(c.forecast()[k])) {
                forecast.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y(c.forecast()[k], top, h, pad)));
                band.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y(c.upper()[k], top, h, pad)));
                lower.insert(0, String.format(Locale.ROOT, "%.1f,%.1f ", x, y(c.lower()[k], top, h, pad)));
            }
        }
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                + "<text x=\"" + pad + "\" y=\"20\" font-family=\"sans-serif\" font-size=\"13\">" + esc(c.series())
                + ": actual (black), " + esc(method) + " forecast (blue), 80% interval (shaded)</text>\n"
                + "<polygon points=\"" + band + lower + "\" fill=\"#9ecae1\" opacity=\"0.5\"/>\n"
                + "<polyline points=\"" + actual + "\" fill=\"none\" stroke=\"black\" stroke-width=\"1.5\"/>\n"
                + "<polyline points=\"" + forecast + "\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\"/>\n"
                + "<text x=\"" + pad + "\" y=\"" + (h - 10) + "\" font-family=\"sans-serif\" font-size=\"11\">"
                + c.dates().get(0) + "</text>\n<text x=\"" + (w - pad - 70) + "\" y=\"" + (h - 10)
                + "\" font-family=\"sans-serif\" font-size=\"11\">" + c.dates().get(n - 1) + "</text>\n"
                + "<text x=\"4\" y=\"" + (pad + 4) + "\" font-family=\"sans-serif\" font-size=\"11\">"
                + String.format(Locale.ROOT, "%.0f", top) + "</text>\n</svg>\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, svg);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static double y(double v, double top, int h, int pad) {
        return h - pad - (h - 2.0 * pad) * v / top;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
