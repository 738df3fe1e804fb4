package io.shoplens.analytics;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.EventSink;
import io.shoplens.core.io.BadRowException;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.ItemsCsvReader;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.io.LoadReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a behaviour log (and optionally an item catalogue) into the canonical Parquet input of the analytics
 * engines, with the same validation and quarantine as every other Shoplens command.
 *
 * <p>Text logs (any {@link EventFormat} with timestamps, plain or gzip) are read by core's reader for the format,
 * so a row is rejected here exactly when {@code shoplens load} rejects it, with the same reason, in the same
 * {@code <quarantine>/<file>.rejected.tsv}, under the same bad-row limit; a corrupt gzip stream, wrong columns in a
 * header or too many bad rows fail the run with the reader's message. Accepted rows are written to a staging CSV in
 * canonical form, which DuckDB's CSV reader converts to Parquet (zstd) in parallel; the staging file is deleted.
 * DuckDB's own CSV sniffing and reject tables are not used: they would reject different rows for different
 * reasons than the readers.
 *
 * <p>Parquet logs ({@code .parquet}) must have the canonical columns; DuckDB reads them directly and the same
 * rules are checked in SQL (ids present, behaviour one of {@code pv cart fav buy}, timestamp in the load options'
 * range), rejected rows going to the quarantine file with their 1-based row number. A clean Parquet file is used
 * as is.
 *
 * <p>The item catalogue is read by core's {@link ItemsCsvReader}; items listed twice and, for logs with numeric
 * ids, non-numeric item ids are rejected rows of the catalogue. Prices pass through the reader's {@code float}
 * (7 significant digits) and are rounded to cents.
 */
public final class EventIngest {
    private static final Logger LOG = LoggerFactory.getLogger(EventIngest.class);
    /** Largest price DECIMAL(12,2) holds. */
    private static final double MAX_PRICE = 9_999_999_999.99;
    private static final String NUMERIC_COLUMNS = "{'user_id': 'BIGINT', 'item_id': 'BIGINT', 'category_id': 'BIGINT', "
            + "'behavior': 'VARCHAR', 'ts': 'BIGINT'}";
    private static final String TEXT_COLUMNS = "{'user_id': 'VARCHAR', 'item_id': 'VARCHAR', 'category_id': "
            + "'VARCHAR', 'behavior': 'VARCHAR', 'ts': 'BIGINT'}";

    private EventIngest() {
    }

    /**
     * What to ingest.
     *
     * @param events the behaviour log: a text file in {@code format}, or a {@code .parquet} file (format ignored)
     * @param format the text log's format
     * @param items  item catalogue CSV ({@code item,category,price,...}), or null
     */
    public record Source(Path events, EventFormat format, Path items) {
        public Source {
            if (events == null) {
                throw new IllegalArgumentException("an events file must be given");
            }
        }

        /** Whether the events file is Parquet (by its name). */
        public boolean parquet() {
            return isParquet(events);
        }
    }

    /** Whether {@code file}'s name ends in {@code .parquet}. */
    public static boolean isParquet(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /**
     * Validates {@code source} and writes the canonical Parquet files into {@code workDir} (created if needed):
     * {@code events.parquet} (unless a clean Parquet source is used as is) and {@code items.parquet}.
     */
    public static AnalyticsInput ingest(Source source, LoadOptions options, Path workDir) {
        long t0 = System.nanoTime();
        createDirectories(workDir);
        List<LoadReport> reports = new ArrayList<>();
        Path events;
        boolean textIds;
        if (source.parquet()) {
            ParquetCheck check = checkParquet(source.events(), options, workDir);
            reports.add(check.report());
            events = check.clean();
            textIds = check.textIds();
        } else {
            EventFormat format = source.format();
            if (!format.hasTimestamps()) {
                throw new DataException("format " + format.label() + " has no timestamps, and every analytics "
                        + "table is per day or hour; use a log with times");
            }
            textIds = hasTextIds(format);
            events = workDir.resolve("events.parquet");
            reports.add(textLog(source.events(), format, textIds, options, workDir, events));
        }
        Path items = null;
        if (source.items() != null) {
            items = workDir.resolve("items.parquet");
            reports.add(catalogue(source.items(), textIds, options, workDir, items));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        reports.forEach(r -> LOG.info("{}", r.summary()));
        return new AnalyticsInput(source.events().getFileName().toString(), events, items, reports, seconds);
    }

    /**
     * Validates {@code source} exactly as {@link #ingest} does (same rejected rows, reasons, quarantine file and
     * bad-row limit) but loads the accepted rows into the DuckDB tables {@code events} and {@code items} (only with
     * a catalogue) of {@code connection} instead of writing Parquet: text logs through DuckDB's appender as core's
     * reader accepts them, Parquet logs with one {@code CREATE TABLE ... AS SELECT} of the valid rows (the reasons
     * of rejected rows are computed only when some row was left out). The file's SHA-256 is computed beside the
     * load. The returned input names the source files as its {@code events} and {@code items}.
     */
    public static AnalyticsInput load(Source source, LoadOptions options, Connection connection) {
        long t0 = System.nanoTime();
        List<LoadReport> reports = new ArrayList<>();
        boolean textIds;
        try (Statement st = connection.createStatement()) {
            if (source.parquet()) {
                Path file = source.events();
                CompletableFuture<String> sha = CompletableFuture.supplyAsync(() -> {
                    try {
                        return sha256(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                textIds = createCheckedView(st, file, options);
                long rows = parquetRows(st, file);
                st.execute("CREATE TABLE events AS SELECT user_id, item_id, category_id, behavior, ts FROM checked "
                        + "WHERE reason IS NULL");
                long accepted = count(st, "events");
                Rejects rejects = accepted == rows ? Rejects.NONE : rejects(st, file, options, rows);
                st.execute("DROP VIEW checked");
                reports.add(parquetReport(file, sha.join(), rows, rejects, t0));
            } else {
                EventFormat format = source.format();
                if (!format.hasTimestamps()) {
                    throw new DataException("format " + format.label() + " has no timestamps, and every analytics "
                            + "table is per day or hour; use a log with times");
                }
                textIds = hasTextIds(format);
                String id = textIds ? "VARCHAR" : "BIGINT";
                st.execute("CREATE TABLE events (user_id " + id + ", item_id " + id + ", category_id " + id
                        + ", behavior VARCHAR, ts BIGINT)");
                try (AppenderSink sink = new AppenderSink(connection, textIds)) {
                    reports.add(format.reader().read(source.events(), sink, options));
                }
            }
            if (source.items() != null) {
                st.execute("CREATE TABLE items (item_id " + (textIds ? "VARCHAR" : "BIGINT")
                        + ", price DECIMAL(12,2))");
                try (DuckDBAppender app = appender(connection, "items")) {
                    reports.add(readCatalogue(source.items(), textIds, options, (item, price) -> {
                        app.beginRow();
                        if (textIds) {
                            app.append(item);
                        } else {
                            app.append(Long.parseLong(item));
                        }
                        if (price == null) {
                            app.appendNull();
                        } else {
                            app.append(price);
                        }
                        app.endRow();
                    }));
                }
            }
        } catch (SQLException e) {
            throw new DataException("DuckDB cannot load " + source.events() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataException("cannot read " + source.events() + ": " + e.getMessage(), e);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw new DataException("cannot read " + source.events() + ": " + cause.getMessage(), cause);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        reports.forEach(r -> LOG.info("{}", r.summary()));
        return new AnalyticsInput(source.events().getFileName().toString(), source.events(), source.items(), reports,
                seconds);
    }

    private static long count(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static DuckDBAppender appender(Connection connection, String table) throws SQLException {
        return connection.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
    }

    /** Formats whose readers pass ids as text (the others pass numbers). */
    static boolean hasTextIds(EventFormat format) {
        return format == EventFormat.SHOPLENS || format == EventFormat.ONLINE_RETAIL;
    }

    private static LoadReport textLog(Path file, EventFormat format, boolean textIds, LoadOptions options,
                                      Path workDir, Path parquet) {
        Path staging = workDir.resolve("events.staging.csv");
        LoadReport report;
        try (StagingSink sink = new StagingSink(staging, textIds)) {
            report = format.reader().read(file, sink, options);
        } catch (RuntimeException e) {
            deleteQuietly(staging, e);
            throw e;
        }
        copyCsvToParquet(staging, parquet, textIds ? TEXT_COLUMNS : NUMERIC_COLUMNS);
        return report;
    }

    /** Receives one validated catalogue row: the item id and its price in cents precision, or null. */
    @FunctionalInterface
    private interface ItemWriter {
        void write(String item, BigDecimal price) throws IOException, SQLException;
    }

    private static LoadReport catalogue(Path file, boolean textIds, LoadOptions options, Path workDir,
                                        Path parquet) {
        Path staging = workDir.resolve("items.staging.csv");
        LoadReport report;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(staging), 1 << 16)) {
            report = readCatalogue(file, textIds, options, (id, price) -> {
                out.write(StagingSink.quote(id).getBytes(StandardCharsets.UTF_8));
                out.write(',');
                out.write((price == null ? "" : price.toPlainString()).getBytes(StandardCharsets.US_ASCII));
                out.write('\n');
            });
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(staging, e);
            throw new DataException("cannot write the staging file " + staging + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(staging, e);
            throw e;
        }
        copyCsvToParquet(staging, parquet, "{'item_id': '" + (textIds ? "VARCHAR" : "BIGINT")
                + "', 'price': 'DECIMAL(12,2)'}");
        return report;
    }

    /** Reads the catalogue with core's reader, rejecting duplicates, non-numeric ids and huge prices. */
    private static LoadReport readCatalogue(Path file, boolean textIds, LoadOptions options, ItemWriter writer) {
        Set<String> seen = new HashSet<>();
        return new ItemsCsvReader().read(file, (item, category, price, title, image) -> {
            if (!textIds && !isCanonicalLong(item)) {
                throw new BadRowException("item '" + item + "' is not a non-negative integer like the events' "
                        + "item ids");
            }
            if (!seen.add(item)) {
                throw new BadRowException("item '" + item + "' is listed twice");
            }
            if (price > MAX_PRICE) {
                throw new BadRowException("price " + price + " is larger than " + MAX_PRICE);
            }
            BigDecimal cents = Float.isNaN(price) ? null
                    : new BigDecimal(Float.toString(price)).setScale(2, RoundingMode.HALF_UP);
            try {
                writer.write(item, cents);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("DuckDB cannot append item " + item + ": " + e.getMessage(), e);
            }
        }, options);
    }

    /**
     * Converts a Taobao-layout log written by Shoplens' own generator (plain or gzip, no header, numeric ids) to
     * canonical Parquet with DuckDB's CSV reader, without the readers' validation: for trusted files only. Analyses
     * of the Parquet file still check it ({@link #ingest}). Returns the rows written.
     */
    public static long generatedLogToParquet(Path csv, Path parquet) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            return st.executeUpdate("COPY (SELECT * FROM read_csv(" + literal(csv) + ", header = false, "
                    + "delim = ',', auto_detect = false, columns = " + NUMERIC_COLUMNS + ")) TO " + literal(parquet)
                    + " (FORMAT parquet, COMPRESSION zstd)");
        } catch (SQLException e) {
            throw new DataException("cannot convert " + csv + " to Parquet: " + e.getMessage(), e);
        }
    }

    private static void copyCsvToParquet(Path csv, Path parquet, String columns) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM read_csv(" + literal(csv) + ", header = false, delim = ',', "
                    + "quote = '\"', escape = '\"', auto_detect = false, columns = " + columns + ")) TO "
                    + literal(parquet) + " (FORMAT parquet, COMPRESSION zstd)");
        } catch (SQLException e) {
            throw new DataException("cannot convert " + csv + " to Parquet: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(csv);
            } catch (IOException e) {
                LOG.warn("cannot delete staging file {}: {}", csv, e.getMessage());
            }
        }
    }

    /** A checked Parquet source: its report, the file to use (the source or a cleaned copy), and its id type. */
    private record ParquetCheck(LoadReport report, Path clean, boolean textIds) {
    }

    /** What the checks rejected: rows, counts by kind of reason, the first examples, the quarantine file or null. */
    private record Rejects(long rejected, Map<String, Long> byReason, List<String> examples, Path quarantine) {
        static final Rejects NONE = new Rejects(0, Map.of(), List.of(), null);
    }

    private static ParquetCheck checkParquet(Path file, LoadOptions options, Path workDir) {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            boolean textIds = createCheckedView(st, file, options);
            long rows = parquetRows(st, file);
            Rejects rejects = rejects(st, file, options, rows);
            Path clean = file;
            if (rejects.rejected() > 0) {
                clean = workDir.resolve("events.parquet");
                st.execute("COPY (SELECT user_id, item_id, category_id, behavior, ts FROM checked "
                        + "WHERE reason IS NULL ORDER BY file_row_number) TO " + literal(clean)
                        + " (FORMAT parquet, COMPRESSION zstd)");
            }
            return new ParquetCheck(parquetReport(file, sha256(file), rows, rejects, t0), clean, textIds);
        } catch (SQLException e) {
            throw new DataException("cannot read Parquet file " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static LoadReport parquetReport(Path file, String sha256, long rows, Rejects r, long t0)
            throws IOException {
        return new LoadReport(file, sha256, "parquet", rows, rows - r.rejected(), r.rejected(), r.byReason(),
                r.examples(), r.quarantine(), Files.size(file), (System.nanoTime() - t0) / 1e9, false);
    }

    /**
     * Checks the Parquet log's columns and creates the temporary view {@code checked} over it: the canonical
     * columns, {@code file_row_number} and {@code reason} (why the row is rejected, NULL when valid). Returns
     * whether its ids are text.
     */
    private static boolean createCheckedView(Statement st, Path file, LoadOptions options) throws SQLException {
        if (!Files.isRegularFile(file)) {
            throw new DataException("file " + file + " does not exist");
        }
        Map<String, String> types = new TreeMap<>();
        try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + literal(file) + ")")) {
            while (rs.next()) {
                types.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new DataException("file " + file + " is not a readable Parquet file: " + e.getMessage(), e);
        }
        for (String col : List.of("user_id", "item_id", "behavior", "ts")) {
            if (!types.containsKey(col)) {
                throw new DataException("file " + file + " has no column '" + col + "'; a Parquet behaviour "
                        + "log has user_id, item_id, category_id (optional), behavior and ts; found "
                        + types.keySet());
            }
        }
        String category = types.containsKey("category_id") ? "category_id"
                : "CAST(NULL AS " + types.get("user_id") + ")";
        String reason = "CASE WHEN user_id IS NULL THEN 'user_id is empty' "
                + "WHEN item_id IS NULL THEN 'item_id is empty' "
                + "WHEN behavior IS NULL OR behavior NOT IN ('pv', 'cart', 'fav', 'buy') THEN "
                + "'unknown behaviour ''' || COALESCE(behavior, '') || '''' "
                + "WHEN ts IS NULL THEN 'timestamp is empty' "
                + "WHEN ts < " + options.minEpochSecond() + " OR ts >= " + options.maxEpochSecond()
                + " THEN 'timestamp ' || ts || ' is out of range [" + Instant.ofEpochSecond(options.minEpochSecond())
                + ", " + Instant.ofEpochSecond(options.maxEpochSecond()) + ")' END";
        st.execute("CREATE TEMP VIEW checked AS SELECT user_id, item_id, " + category + " AS category_id, "
                + "behavior, ts, file_row_number, " + reason + " AS reason FROM read_parquet(" + literal(file)
                + ", file_row_number = true)");
        return types.get("user_id").equals("VARCHAR");
    }

    /** Rows of the Parquet file (from its footer); fails when it has none. */
    private static long parquetRows(Statement st, Path file) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM read_parquet(" + literal(file) + ")")) {
            rs.next();
            long rows = rs.getLong(1);
            if (rows == 0) {
                throw new DataException("file " + file + " has no data rows");
            }
            return rows;
        }
    }

    /**
     * Counts the rejected rows of the view {@code checked} by reason, writes them to the quarantine file, and fails
     * when all of the {@code rows} or more than the allowed share were rejected.
     */
    private static Rejects rejects(Statement st, Path file, LoadOptions options, long rows) throws SQLException {
        long rejected = 0;
        Map<String, Long> byReason = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT reason, COUNT(*), MIN(file_row_number) FROM checked "
                + "WHERE reason IS NOT NULL GROUP BY reason ORDER BY 3")) {
            while (rs.next()) {
                String kind = rs.getString(1).replaceAll("'[^']*'", "'…'")
                        .replaceAll("(?<![\\w:.\\-])-?\\d+(\\.\\d+)?(?![\\w:.\\-])", "N");
                byReason.merge(kind, rs.getLong(2), Long::sum);
                rejected += rs.getLong(2);
                if (examples.size() < 5) {
                    examples.add("row " + (rs.getLong(3) + 1) + ": " + rs.getString(1));
                }
            }
        }
        if (rejected == 0) {
            return Rejects.NONE;
        }
        double max = options.maxBadRatio() != null ? options.maxBadRatio() : 0.01;
        createDirectories(options.quarantineDir());
        Path quarantine = options.quarantineDir().resolve(file.getFileName() + ".rejected.tsv");
        st.execute("COPY (SELECT " + literal(file) + " AS file, file_row_number + 1 AS line, reason, "
                + "concat_ws(',', user_id, item_id, category_id, behavior, ts) AS row FROM checked "
                + "WHERE reason IS NOT NULL ORDER BY file_row_number) TO " + literal(quarantine)
                + " (FORMAT csv, DELIMITER '\t', HEADER true, QUOTE '')");
        if (rejected == rows) {
            throw new DataException("file " + file + ": none of its " + rows + " rows is valid (first: "
                    + examples.get(0) + "); rejected rows are in " + quarantine);
        }
        if ((double) rejected / rows > max) {
            throw new DataException(String.format(Locale.ROOT, "file %s: %,d of %,d rows (%.2f%%) were "
                    + "rejected, more than the allowed %.2f%% (first: %s); rejected rows are in %s", file,
                    rejected, rows, 100.0 * rejected / rows, 100 * max, examples.get(0), quarantine));
        }
        return new Rejects(rejected, byReason, examples, quarantine);
    }

    /** Deletes a staging file after {@code cause} failed the run; a failure to delete is added to the cause. */
    private static void deleteQuietly(Path staging, Exception cause) {
        try {
            Files.deleteIfExists(staging);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** {@code path} as a SQL string literal. */
    static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static boolean isCanonicalLong(String s) {
        int n = s.length();
        if (n == 0 || n > 18 || (n > 1 && s.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataException("cannot create folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes accepted events as canonical CSV lines {@code user,item,category,behavior,ts}, fast. */
    static final class StagingSink implements EventSink, AutoCloseable {
        private static final byte[][] LABELS = new byte[Behavior.values().length][];

        static {
            for (Behavior b : Behavior.values()) {
                LABELS[b.code()] = b.label().getBytes(StandardCharsets.US_ASCII);
            }
        }

        private final Path file;
        private final OutputStream out;
        private final boolean textIds;
        private final byte[] line = new byte[128];

        StagingSink(Path file, boolean textIds) {
            this.file = file;
            this.textIds = textIds;
            try {
                this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
            } catch (IOException e) {
                throw new DataException("cannot write the staging file " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void event(long user, long item, long category, Behavior behavior, long time) {
            int p = 0;
            p = digits(user, p);
            line[p++] = ',';
            p = digits(item, p);
            line[p++] = ',';
            if (category != NO_CATEGORY) {
                p = digits(category, p);
            }
            line[p++] = ',';
            byte[] label = LABELS[behavior.code()];
            System.arraycopy(label, 0, line, p, label.length);
            p += label.length;
            line[p++] = ',';
            p = digits(time, p);
            line[p++] = '\n';
            write(line, p);
        }

        @Override
        public void event(String user, String item, String category, Behavior behavior, long time) {
            if (!textIds) {
                throw new IllegalStateException("the reader passed text ids to a numeric-id staging file");
            }
            String s = quote(user) + "," + quote(item) + "," + (category == null ? "" : quote(category)) + ","
                    + behavior.label() + "," + time + "\n";
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            write(b, b.length);
        }

        private void write(byte[] b, int n) {
            try {
                out.write(b, 0, n);
            } catch (IOException e) {
                throw new DataException("cannot write the staging file " + file + ": " + e.getMessage(), e);
            }
        }

        /** Writes the decimal digits of {@code v} into {@link #line} at {@code p}; returns the new position. */
        private int digits(long v, int p) {
            if (v < 0) {
                line[p++] = '-';
                if (v == Long.MIN_VALUE) {
                    throw new IllegalArgumentException("id " + v + " cannot be staged");
                }
                v = -v;
            }
            int start = p;
            do {
                line[p++] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v != 0);
            for (int i = start, j = p - 1; i < j; i++, j--) {
                byte t = line[i];
                line[i] = line[j];
                line[j] = t;
            }
            return p;
        }

        /** {@code s} as a CSV field: quoted when it holds a comma, quote, line break or is empty. */
        static String quote(String s) {
            boolean plain = !s.isEmpty();
            for (int i = 0; i < s.length() && plain; i++) {
                char c = s.charAt(i);
                plain = c != ',' && c != '"' && c != '\n' && c != '\r';
            }
            return plain ? s : "\"" + s.replace("\"", "\"\"") + "\"";
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new DataException("cannot write the staging file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Appends accepted events to the DuckDB table {@code events} (user, item, category, behaviour, time). */
    static final class AppenderSink implements EventSink, AutoCloseable {
        private static final String[] LABELS = new String[Behavior.values().length];

        static {
            for (Behavior b : Behavior.values()) {
                LABELS[b.code()] = b.label();
            }
        }

        private final DuckDBAppender app;
        private final boolean textIds;

        AppenderSink(Connection connection, boolean textIds) throws SQLException {
            this.app = appender(connection, "events");
            this.textIds = textIds;
        }

        @Override
        public void event(long user, long item, long category, Behavior behavior, long time) {
            if (textIds) {
                event(Long.toString(user), Long.toString(item), category == NO_CATEGORY ? null
                        : Long.toString(category), behavior, time);
                return;
            }
            try {
                app.beginRow().append(user).append(item);
                if (category == NO_CATEGORY) {
                    app.appendNull();
                } else {
                    app.append(category);
                }
                app.append(LABELS[behavior.code()]).append(time).endRow();
            } catch (SQLException e) {
                throw new IllegalStateException("DuckDB cannot append an event: " + e.getMessage(), e);
            }
        }

        @Override
        public void event(String user, String item, String category, Behavior behavior, long time) {
            if (!textIds) {
                throw new IllegalStateException("the reader passed text ids to a numeric-id events table");
            }
            try {
                app.beginRow().append(user).append(item);
                if (category == null) {
                    app.appendNull();
                } else {
                    app.append(category);
                }
                app.append(LABELS[behavior.code()]).append(time).endRow();
            } catch (SQLException e) {
                throw new IllegalStateException("DuckDB cannot append an event: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws SQLException {
            app.close();
        }
    }
}
