package io.shoplens.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoplens.core.data.DataException;
import io.shoplens.core.io.LoadReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole report as one engine computed it: every table of {@link Query} with the seconds it took, and what
 * validation did with the input.
 *
 * @param input   the validated input (its load reports say how many rows were rejected and why)
 * @param engine  the engine's name
 * @param options how the report was computed
 * @param tables  every table by name, in report order
 * @param seconds seconds each query took, by table name
 */
public record AnalyticsReport(AnalyticsInput input, String engine, AnalyticsOptions options,
                              Map<String, ResultTable> tables, Map<String, Double> seconds) {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsReport.class);
    /** Largest table written inline into {@code analytics.json}; larger ones are only in their files. */
    public static final int JSON_MAX_ROWS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public AnalyticsReport {
        tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        seconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }

    /** Runs every query of the report on {@code engine}. */
    public static AnalyticsReport run(AnalyticsEngine engine, AnalyticsInput input, AnalyticsOptions options) {
        Map<String, ResultTable> tables = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Query q : Query.values()) {
            long t0 = System.nanoTime();
            tables.put(q.table(), engine.run(q));
            seconds.put(q.table(), (System.nanoTime() - t0) / 1e9);
            LOG.info("{} {}: {} rows in {} s", engine.name(), q.table(), tables.get(q.table()).size(),
                    String.format(Locale.ROOT, "%.2f", seconds.get(q.table())));
        }
        return new AnalyticsReport(input, engine.name(), options, tables, seconds);
    }

    /** The table of {@code query}. */
    public ResultTable table(Query query) {
        return tables.get(query.table());
    }

    /** Seconds of all queries together (input validation not included). */
    public double totalSeconds() {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * Writes {@code <dir>/<table>.csv} and {@code <dir>/<table>.parquet} for every table and
     * {@code <dir>/analytics.json} (input, rejected rows by reason, options, timings, and every table of at most
     * {@value #JSON_MAX_ROWS} rows inline; larger ones by file name and row count).
     */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
                for (ResultTable t : tables.values()) {
                    Path csv = dir.resolve(t.name() + ".csv");
                    writeCsv(t, csv);
                    StringJoiner cols = new StringJoiner(", ", "{", "}");
                    for (ResultTable.Column col : t.columns()) {
                        cols.add("'" + col.name() + "': '" + sqlType(col.type()) + "'");
                    }
                    st.execute("COPY (SELECT * FROM read_csv(" + EventIngest.literal(csv) + ", header = true, "
                            + "auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = " + cols
                            + ")) TO " + EventIngest.literal(dir.resolve(t.name() + ".parquet"))
                            + " (FORMAT parquet)");
                }
            }
            Path json = dir.resolve("analytics.json");
            Path tmp = Files.createTempFile(dir, "analytics", ".json.tmp");
            JSON.writeValue(tmp.toFile(), toJson());
            Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | SQLException e) {
            throw new DataException("cannot write the analytics report to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The content of {@code analytics.json}. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("engine", engine);
        ObjectNode in = root.putObject("input");
        in.put("name", input.name());
        in.put("events", input.eventRows());
        in.put("rejectedRows", input.rejectedRows());
        in.put("validationSeconds", input.seconds());
        ArrayNode files = in.putArray("files");
        for (LoadReport r : input.reports()) {
            ObjectNode f = files.addObject();
            f.put("file", r.file().toString());
            f.put("format", r.format());
            f.put("sha256", r.sha256());
            f.put("rows", r.rows());
            f.put("accepted", r.accepted());
            f.put("rejected", r.rejected());
            ObjectNode reasons = f.putObject("rejectedByReason");
            new java.util.TreeMap<>(r.rejectedByReason()).forEach(reasons::put);
            ArrayNode examples = f.putArray("examples");
            r.examples().forEach(examples::add);
            f.put("quarantineFile", r.quarantineFile() == null ? null : r.quarantineFile().toString());
        }
        ObjectNode o = root.putObject("options");
        o.put("utcOffsetHours", options.utcOffsetHours());
        o.put("topN", options.topN());
        o.put("prices", options.hasPrices());
        ObjectNode t = root.putObject("seconds");
        seconds.forEach(t::put);
        root.put("totalSeconds", totalSeconds());
        ObjectNode all = root.putObject("tables");
        for (Query q : Query.values()) {
            ResultTable table = tables.get(q.table());
            ObjectNode n = all.putObject(q.table());
            n.put("description", q.description());
            n.put("rows", table.size());
            n.put("csv", q.table() + ".csv");
            n.put("parquet", q.table() + ".parquet");
            ArrayNode cols = n.putArray("columns");
            table.columns().forEach(c -> cols.addObject().put("name", c.name()).put("type", c.type().name()));
            if (table.size() <= JSON_MAX_ROWS) {
                ArrayNode data = n.putArray("data");
                for (List<Object> row : table.rows()) {
                    ObjectNode r = data.addObject();
                    for (int i = 0; i < row.size(); i++) {
                        put(r, table.columns().get(i).name(), row.get(i));
                    }
                }
            }
        }
        return root;
    }

    private static void put(ObjectNode node, String key, Object v) {
        if (v == null) {
            node.putNull(key);
        } else if (v instanceof Long l) {
            node.put(key, l);
        } else if (v instanceof Double d) {
            if (Double.isFinite(d)) {
                node.put(key, d);
            } else {
                node.putNull(key);
            }
        } else {
            node.put(key, v.toString());
        }
    }

    private static String sqlType(ResultTable.Type type) {
        return switch (type) {
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case DATE -> "DATE";
            case STRING -> "VARCHAR";
        };
    }

    /** RFC 4180 CSV with a header; NULL is an empty field, doubles in Java's shortest round-trip form. */
    static void writeCsv(ResultTable t, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", t.columns().stream().map(ResultTable.Column::name).toList()));
            w.write('\n');
            for (List<Object> row : t.rows()) {
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    Object v = row.get(i);
                    if (v != null) {
                        w.write(EventIngest.StagingSink.quote(v.toString()));
                    }
                }
                w.write('\n');
            }
        }
    }
}
