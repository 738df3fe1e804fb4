package io.shoplens.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoplens.analytics.AnalyticsEngine;
import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.analytics.AnalyticsReport;
import io.shoplens.analytics.DuckDbEngine;
import io.shoplens.analytics.ResultTable;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.io.EventFormat;
import io.shoplens.predict.forecast.DailySeries;
import io.shoplens.predict.forecast.ForecastMethod;
import io.shoplens.predict.forecast.HoltWinters;
import io.shoplens.predict.forecast.SeasonalNaive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dashboard shows besides recommendations, computed once at start: the analytics report of the served
 * log (the analytics module's SQL on embedded DuckDB), a sales forecast (the predict module's additive
 * Holt-Winters with weekly season against the seasonal-naive baseline, both over the daily purchase counts of
 * the served data), and the evaluation leaderboard read from {@code shoplens evaluate --json} files.
 *
 * @param tables        analytics tables by name (empty when the log has no timestamps or analytics is off)
 * @param analyticsNote why the tables are empty, or null
 * @param forecast      the forecast as JSON ({@code series}, {@code start}, {@code history}, {@code methods}),
 *                      or null with {@code forecastNote} saying why
 * @param forecastNote  why there is no forecast, or null
 * @param leaderboard   one JSON object per evaluated model and protocol
 */
public record Insights(Map<String, ResultTable> tables, String analyticsNote, ObjectNode forecast,
                       String forecastNote, List<JsonNode> leaderboard) {
    private static final Logger LOG = LoggerFactory.getLogger(Insights.class);
    /** Forecast horizon in days. */
    public static final int HORIZON = 14;
    /** Weekly season of the forecast, in days. */
    public static final int SEASON = 7;

    public Insights {
        tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        leaderboard = List.copyOf(leaderboard);
    }

    /**
     * Computes the insights.
     *
     * @param input       the served log validated to Parquet, or null when the log has no timestamps
     * @param format      the log's format
     * @param analytics   whether to run the analytics report
     * @param leaderboard evaluate JSON files (may be empty)
     * @param store       the loaded events, for the forecast
     * @param utcOffset   the shop's time zone in hours
     */
    public static Insights compute(AnalyticsInput input, EventFormat format, boolean analytics,
                                   List<Path> leaderboard, InteractionStore store, int utcOffset) {
        Map<String, ResultTable> tables = new LinkedHashMap<>();
        String note = null;
        if (!analytics) {
            note = "analytics turned off";
        } else if (input == null) {
            note = "format " + format.label() + " has no timestamps; every analytics table is per day or hour";
        } else {
            AnalyticsOptions options = new AnalyticsOptions(utcOffset, AnalyticsOptions.DEFAULT_TOP_N,
                    input.hasItems());
            try (AnalyticsEngine e = new DuckDbEngine(input, options)) {
                tables.putAll(AnalyticsReport.run(e, input, options).tables());
            } catch (Exception e) {
                throw new DataException("analytics of " + input.name() + " failed: " + e.getMessage(), e);
            }
        }
        ObjectNode forecast = null;
        String forecastNote = null;
        if (store.ordinalTime()) {
            forecastNote = "the log has no timestamps, so there are no daily sales";
        } else {
            List<DailySeries> series = DailySeries.fromBuys(store, DailySeries.Level.TOTAL, 1, utcOffset);
            if (series.isEmpty() || series.get(0).length() < 2 * SEASON) {
                forecastNote = "fewer than " + 2 * SEASON + " days of purchases; the forecast needs two weeks";
            } else {
                forecast = forecastJson(series.get(0));
            }
        }
        List<JsonNode> board = new java.util.ArrayList<>();
        for (Path f : leaderboard) {
            board.addAll(readLeaderboard(f));
        }
        LOG.info("insights: {} analytics tables, forecast {}, {} leaderboard rows", tables.size(),
                forecast != null ? "ready" : "none (" + forecastNote + ")", board.size());
        return new Insights(tables, note, forecast, forecastNote, board);
    }

    private static ObjectNode forecastJson(DailySeries s) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("series", s.name());
        o.put("unit", "purchases per day");
        o.put("start", s.start().toString());
        o.put("horizonDays", HORIZON);
        ArrayNode hist = o.putArray("history");
        for (double v : s.values()) {
            hist.add(v);
        }
        ObjectNode methods = o.putObject("methods");
        for (ForecastMethod m : List.of(new HoltWinters(SEASON), new SeasonalNaive(SEASON))) {
            ArrayNode a = methods.putArray(m.name());
            for (double v : m.forecast(List.of(s), HORIZON)[0]) {
                a.add(v);
            }
        }
        o.put("baseline", new SeasonalNaive(SEASON).name());
        return o;
    }

    /**
     * The rows of an evaluate JSON file: a single report (with its {@code baseline}) or a list of reports; each
     * row keeps model, protocol name, split, candidates and the test metrics.
     */
    static List<JsonNode> readLeaderboard(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new DataException("cannot read leaderboard file " + file + ": " + e.getMessage(), e);
        }
        List<JsonNode> reports = new java.util.ArrayList<>();
        if (root.isArray()) {
            root.forEach(reports::add);
        } else if (root.isObject()) {
            reports.add(root);
            if (root.has("baseline")) {
                reports.add(root.get("baseline"));
            }
        }
        List<JsonNode> rows = new java.util.ArrayList<>();
        for (JsonNode r : reports) {
            if (!r.has("model") || !r.has("protocol") || !r.has("test")) {
                throw new DataException("leaderboard file " + file + " is not 'shoplens evaluate --json' output "
                        + "(a report lacks model, protocol or test)");
            }
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.put("model", r.get("model").asText());
            row.put("protocol", r.get("protocol").path("name").asText());
            row.put("split", r.get("protocol").path("split").asText());
            row.put("candidates", r.get("protocol").path("candidates").asText());
            row.set("test", r.get("test"));
            rows.add(row);
        }
        return rows;
    }
}
