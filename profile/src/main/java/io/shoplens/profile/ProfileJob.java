package io.shoplens.profile;

import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.Dialect;
import io.shoplens.analytics.DuckDbEngine;
import io.shoplens.core.data.DataException;
import io.shoplens.core.io.LoadReport;
import io.shoplens.profile.segment.KMeansSegmenter;
import io.shoplens.profile.segment.SegmentFeatures;
import io.shoplens.profile.segment.SegmentModel;
import io.shoplens.profile.segment.SegmentParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds user profiles on DuckDB: the {@link ProfileSql} query over the validated input (written to Parquet by
 * the engine, never collected to the heap), then k-means segments on the profile features (read back as one
 * primitive row per user), the purchase propensity when given, pseudonymous ids, and the aggregate tables with small cells suppressed. Writes into
 * the output folder {@code profiles.parquet} and {@code profiles.csv} (one row per user), {@code segments.csv},
 * {@code segments.json} and {@code segment-model.bin} (with segmentation), and {@code profile.json}.
 */
public final class ProfileJob {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileJob.class);

    /**
     * What to compute.
     *
     * @param options       profile options
     * @param tags          rule tags
     * @param segments      segmentation parameters, or null for no segments
     * @param pseudonymizer keyed pseudonyms for exported user ids, or null to export raw ids (the caller decides
     *                      that only on an explicit request)
     * @param cells         small-cell suppression of the aggregates
     * @param propensity    purchase propensity scores by raw user id for the {@code propensity} column, or null
     *                      (the column is then NULL)
     */
    public record Config(ProfileOptions options, TagRules tags, SegmentParams segments, Pseudonymizer pseudonymizer,
                         SmallCells cells, PurchasePropensity propensity) {
        public Config {
            if (options == null || tags == null || cells == null) {
                throw new IllegalArgumentException("options, tags and cells must be given");
            }
        }

        /** A configuration without propensity. */
        public Config(ProfileOptions options, TagRules tags, SegmentParams segments, Pseudonymizer pseudonymizer,
                SmallCells cells) {
            this(options, tags, segments, pseudonymizer, cells, null);
        }
    }

    private ProfileJob() {
    }

    /**
     * Profiles {@code input} (and the validated users table, or null) into {@code out}; the raw profile table
     * goes to {@code out/input/profiles-raw.parquet} and is deleted at the end.
     */
    public static ProfileReport run(AnalyticsInput input, UserIngest.Result users, Config config, Path out) {
        long t0 = System.nanoTime();
        ProfileOptions o = config.options().withUsers(users != null);
        Path work = out.resolve("input");
        Path raw = work.resolve("profiles-raw.parquet");
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new DataException("cannot create folder " + work + ": " + e.getMessage(), e);
        }
        try (DuckDbEngine engine = new DuckDbEngine(input, o.analytics())) {
            if (users != null) {
                engine.createView("users", users.parquet());
            }
            engine.export(ProfileSql.sql(Dialect.DUCKDB, o, config.tags()), raw);
        }
        double sqlSeconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("profile table in {} s", String.format(Locale.ROOT, "%.1f", sqlSeconds));
        List<SegmentFeatures.Feature> features = SegmentFeatures.of(o.analytics().hasPrices());
        Path profiles = out.resolve("profiles.parquet");
        SegmentModel model = null;
        List<Aggregate> aggregates;
        long n;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            String src = "read_parquet('" + UserIngest.sqlPath(raw) + "', file_row_number = true)";
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + src)) {
                rs.next();
                n = rs.getLong(1);
            }
            if (n == 0) {
                throw new DataException("the input has no users to profile");
            }
            if (n > Integer.MAX_VALUE - 8) {
                throw new DataException("cannot profile more than " + (Integer.MAX_VALUE - 8) + " users, got " + n);
            }
            String[] ids = new String[(int) n];
            double[] propensity = new double[(int) n];
            double[][] x = new double[(int) n][];
            try (ResultSet rs = st.executeQuery("SELECT CAST(user_id AS VARCHAR), "
                    + SegmentFeatures.selectList(features) + " FROM " + src + " ORDER BY file_row_number")) {
                int i = 0;
                while (rs.next()) {
                    String id = rs.getString(1);
                    Double pr = config.propensity() == null ? null : config.propensity().scores().get(id);
                    propensity[i] = pr == null ? Double.NaN : pr;
                    ids[i] = config.pseudonymizer() == null ? id : config.pseudonymizer().pseudonym(id);
                    double[] row = new double[features.size()];
                    for (int j = 0; j < row.length; j++) {
                        row[j] = rs.getDouble(j + 2);
                        if (rs.wasNull()) {
                            row[j] = Double.NaN;
                        }
                    }
                    x[i++] = row;
                }
            }
            int[] segment = null;
            if (config.segments() != null) {
                model = new KMeansSegmenter(config.segments()).train(x, SegmentFeatures.names(features),
                        fingerprint(input));
                segment = new int[x.length];
                for (int i = 0; i < x.length; i++) {
                    segment[i] = model.nearest(model.standardise(x[i]));
                    x[i] = null;
                }
                model.save(out.resolve("segment-model.bin"));
            }
            x = null;
            st.execute("CREATE TABLE extra(rn BIGINT, user_key VARCHAR, segment INTEGER, propensity DOUBLE)");
            try (DuckDBAppender app = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "extra")) {
                for (int i = 0; i < ids.length; i++) {
                    app.beginRow();
                    app.append((long) i);
                    app.append(ids[i]);
                    if (segment == null) {
                        app.appendNull();
                    } else {
                        app.append(segment[i]);
                    }
                    if (Double.isNaN(propensity[i])) {
                        app.appendNull();
                    } else {
                        app.append(propensity[i]);
                    }
                    app.endRow();
                }
            }
            String id = config.pseudonymizer() == null ? "p.user_id" : "x.user_key";
            st.execute("CREATE VIEW final AS SELECT " + id + " AS user_id, p.* EXCLUDE (user_id, file_row_number), "
                    + "x.segment, x.propensity FROM " + src + " p JOIN extra x ON x.rn = p.file_row_number");
            st.execute("COPY (SELECT * FROM final ORDER BY user_id) TO '" + UserIngest.sqlPath(profiles)
                    + "' (FORMAT parquet, COMPRESSION zstd)");
            st.execute("COPY (SELECT * FROM read_parquet('" + UserIngest.sqlPath(profiles) + "')) TO '"
                    + UserIngest.sqlPath(out.resolve("profiles.csv")) + "' (FORMAT csv, HEADER true)");
            st.execute("CREATE VIEW profiles AS SELECT * FROM read_parquet('" + UserIngest.sqlPath(profiles) + "')");
            aggregates = aggregates(q -> {
                try {
                    return rows(st, q);
                } catch (SQLException e) {
                    throw new IllegalStateException("DuckDB failed on a profile aggregate: " + e.getMessage(), e);
                }
            }, Dialect.DUCKDB, n, config.cells(), model != null);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed on the profile table " + raw + ": " + e.getMessage(), e);
        }
        try {
            Files.deleteIfExists(raw);
        } catch (IOException e) {
            throw new DataException("cannot delete " + raw + ": " + e.getMessage(), e);
        }
        List<ProfileReport.Segment> segments = new ArrayList<>();
        if (model != null) {
            Aggregate seg = aggregates.get(0);
            for (int s = 0; s < model.k(); s++) {
                segments.add(new ProfileReport.Segment(s, model.describe(s, features), model.centroid(s),
                        rowOf(seg, Integer.toString(s))));
            }
        }
        List<LoadReport> reports = new ArrayList<>(input.reports());
        if (users != null) {
            reports.add(users.report());
        }
        ProfileReport report = new ProfileReport(input.name(), input.eventRows(), reports, "duckdb", o,
                config.tags(), config.pseudonymizer() != null, config.cells(), n, model, segments, aggregates,
                (System.nanoTime() - t0) / 1e9, config.propensity());
        report.write(out);
        return report;
    }

    private static Aggregate.Row rowOf(Aggregate a, String label) {
        for (Aggregate.Row r : a.rows()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        return new Aggregate.Row(label, 0L, 0.0, List.of());
    }

    /** Runs a SELECT and returns its rows (decimals as doubles, integers as longs). */
    @FunctionalInterface
    public interface SqlRows {
        List<List<Object>> rows(String sql);
    }

    /**
     * The aggregate tables over a {@code profiles} table or view (the exported profiles), run by {@code sql} in
     * dialect {@code d}, with small cells suppressed; segments first when segmented.
     */
    public static List<Aggregate> aggregates(SqlRows sql, Dialect d, long n, SmallCells cells, boolean segmented) {
        List<Aggregate> out = new ArrayList<>();
        String value = "AVG(events) AS avg_events, AVG(CASE WHEN buy > 0 THEN 1.0 ELSE 0.0 END) AS buyer_share, "
                + "AVG(COALESCE(monetary, 0)) AS avg_monetary, "
                + "SUM(COALESCE(monetary, 0)) / NULLIF((SELECT SUM(COALESCE(monetary, 0)) FROM profiles), 0) "
                + "AS value_share";
        List<String> values = List.of("avg_events", "buyer_share", "avg_monetary", "value_share");
        if (segmented) {
            out.add(Aggregate.of("segments", "users per k-means segment, with activity and value", values,
                    sql.rows("SELECT segment, COUNT(*), " + value + " FROM profiles GROUP BY segment "
                            + "ORDER BY segment"), n, cells));
        }
        out.add(Aggregate.of("lifecycle", "users per lifecycle stage", values, sql.rows("SELECT lifecycle, "
                + "COUNT(*), " + value + " FROM profiles GROUP BY lifecycle ORDER BY lifecycle"), n, cells));
        out.add(Aggregate.of("rfm_segments", "users per RFM segment (no purchase: never bought)", values,
                sql.rows("SELECT COALESCE(rfm_segment, 'no purchase') AS rfm, COUNT(*) AS users, " + value
                        + " FROM profiles GROUP BY COALESCE(rfm_segment, 'no purchase') ORDER BY users DESC, rfm"),
                n, cells));
        String split = d == Dialect.SPARK ? "explode(split(tags, ','))" : "unnest(string_split(tags, ','))";
        out.add(Aggregate.of("tags", "users per rule tag (a user may carry several)", List.of(),
                sql.rows("SELECT tag, COUNT(*) AS users FROM (SELECT " + split + " AS tag FROM profiles "
                        + "WHERE tags <> '') t GROUP BY tag ORDER BY users DESC, tag"), n, cells));
        out.add(Aggregate.of("price_bands", "users per price band (1 cheapest .. 5 dearest; none: no priced events)",
                values, sql.rows("SELECT price_band, COUNT(*), " + value + " FROM profiles GROUP BY price_band "
                        + "ORDER BY price_band NULLS LAST"), n, cells));
        out.add(Aggregate.of("favourite_categories", "users per favourite category (most events), top 20, with "
                + "the mean share of the user's events in it", List.of("avg_category_share"),
                sql.rows("SELECT top_category_1, COUNT(*) AS users, AVG(top_category_1_share) FROM profiles "
                        + "WHERE top_category_1 IS NOT NULL GROUP BY top_category_1 "
                        + "ORDER BY users DESC, top_category_1 LIMIT 20"), n, cells));
        return out;
    }

    private static List<List<Object>> rows(Statement st, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(cols);
                for (int i = 1; i <= cols; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof java.math.BigDecimal b ? b.doubleValue()
                            : v instanceof java.math.BigInteger b ? b.longValue() : v);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static String fingerprint(AnalyticsInput input) {
        StringBuilder sb = new StringBuilder();
        for (LoadReport r : input.reports()) {
            sb.append(sb.length() == 0 ? "" : "+").append(r.sha256());
        }
        return sb.toString();
    }
}
