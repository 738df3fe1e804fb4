package io.shoplens.recommend.precomputed;

import io.shoplens.core.data.DataException;
import io.shoplens.core.data.IdMap;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Trains" a {@link PrecomputedModel} by importing the Parquet lists that {@code shoplens spark recommend} wrote
 * (tables {@code user-recs}, {@code item-neighbours-als} or {@code item-neighbours-cooc}, and {@code meta}) with
 * embedded DuckDB, mapping the lists' external user and item ids onto the training data's indexes. Rows naming a
 * user or item the data does not know are dropped and counted in the log. The
 * provenance records the lists' folder, the chosen neighbour table, every {@code meta} fact as {@code spark.KEY},
 * and the time the lists were computed as the training time.
 *
 * <p>The lists were computed from the whole log the job read; evaluating this model on a split of that log is
 * therefore optimistic (the test events were seen), and the importer says so in the log.
 */
public final class PrecomputedTrainer implements Trainer<PrecomputedModel> {
    private static final Logger LOG = LoggerFactory.getLogger(PrecomputedTrainer.class);
    /** Table of users' lists. */
    public static final String USER_RECS = "user-recs";
    /** Table of neighbours by ALS factor cosine. */
    public static final String NEIGHBOURS_ALS = "item-neighbours-als";
    /** Table of neighbours by co-occurrence cosine. */
    public static final String NEIGHBOURS_COOC = "item-neighbours-cooc";
    /** Table of facts about the run. */
    public static final String META = "meta";

    private final PrecomputedParams params;

    public PrecomputedTrainer(PrecomputedParams params) {
        if (params == null) {
            throw new IllegalArgumentException("precomputed needs parameters");
        }
        this.params = params;
    }

    /** The parameters. */
    public PrecomputedParams params() {
        return params;
    }

    private Path folder() {
        Path dir = Path.of(params.lists());
        for (String t : new String[] {USER_RECS, neighbourTable(), META}) {
            if (!Files.isDirectory(dir.resolve(t))) {
                throw new DataException("precomputed lists folder " + dir + " has no table " + t + "/; give the "
                        + "--out folder of 'shoplens spark recommend' (copied to local disk if it is on HDFS)");
            }
        }
        return dir;
    }

    private String neighbourTable() {
        return PrecomputedParams.ALS.equals(params.neighbours()) ? NEIGHBOURS_ALS : NEIGHBOURS_COOC;
    }

    private static String parquet(Path dir, String table) {
        return "read_parquet('" + dir.resolve(table).toString().replace("'", "''") + "/*.parquet')";
    }

    /** Import buffers (12 bytes per row of both tables) and the model's tables (8 bytes per row, 4 per id). */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        Path dir = folder();
        long rows;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM " + parquet(dir, USER_RECS) + "), "
                     + "(SELECT count(*) FROM " + parquet(dir, neighbourTable()) + ")")) {
            rs.next();
            rows = Math.max(rs.getLong(1), rs.getLong(2));
        } catch (SQLException e) {
            throw new DataException("cannot read the precomputed lists in " + dir + ": " + e.getMessage(), e);
        }
        InteractionStore store = data.events();
        return MemoryEstimate.of(PrecomputedParams.NAME)
                .part("import buffers", 12 * rows)
                .part("lists and neighbours", 16 * rows + 4L * (store.numUsers() + store.numItems()))
                .build();
    }

    @Override
    public PrecomputedModel train(TrainingData data) {
        long t0 = System.nanoTime();
        Path dir = folder();
        InteractionStore store = data.events();
        Map<String, String> provenanceParams = new LinkedHashMap<>(params.asMap());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            Map<String, String> meta = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT key, value FROM " + parquet(dir, META) + " ORDER BY key")) {
                while (rs.next()) {
                    meta.put(rs.getString(1), rs.getString(2));
                }
            }
            meta.forEach((k, v) -> provenanceParams.put("spark." + k, v));
            Table users = table(st, dir, USER_RECS, "user_id", "item_id", store.users(), store.items(),
                    store.numUsers());
            Table items = table(st, dir, neighbourTable(), "item_id", "neighbour_id", store.items(), store.items(),
                    store.numItems());
            Instant at = instant(meta.get("computedAt"), dir);
            double seconds = meta.containsKey("seconds") ? Double.parseDouble(meta.get("seconds")) : 0;
            LOG.info("precomputed: {} list entries for {} users, {} neighbours; {} rows dropped for ids the data "
                    + "does not know; imported in {} s (the lists saw the whole log the Spark job read: scores on a "
                    + "split of it are optimistic)", users.items.length, store.numUsers(), items.items.length,
                    users.dropped + items.dropped, String.format(java.util.Locale.ROOT, "%.2f",
                            (System.nanoTime() - t0) / 1e9));
            Provenance provenance = new Provenance(PrecomputedParams.NAME, provenanceParams, data.fingerprint(), 0,
                    Provenance.shoplensVersion(), at, seconds);
            return new PrecomputedModel(params.neighbours(), store.numItems(), users.start, users.items,
                    users.scores, items.start, items.items, items.scores, provenance);
        } catch (SQLException e) {
            throw new DataException("cannot read the precomputed lists in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Instant instant(String text, Path dir) {
        if (text == null) {
            throw new DataException("precomputed lists in " + dir + " have no computedAt in meta/");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new DataException("precomputed lists in " + dir + " have computedAt '" + text
                    + "', not an ISO-8601 instant", e);
        }
    }

    /** One CSR table and how many rows were dropped. */
    private record Table(int[] start, int[] items, float[] scores, long dropped) {
    }

    /**
     * Reads {@code (row, pos, col, score)} rows ordered by row id and position, maps both ids, and sorts the kept
     * rows by row index keeping their position order (a counting sort).
     */
    private static Table table(Statement st, Path dir, String table, String rowCol, String colCol, IdMap rowIds,
                               IdMap colIds, int rows) throws SQLException {
        long count;
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + parquet(dir, table))) {
            rs.next();
            count = rs.getLong(1);
        }
        if (count > MemoryEstimate.MAX_ARRAY) {
            throw new DataException(table + " in " + dir + " has " + count + " rows, more than one array holds");
        }
        int[] rowOf = new int[(int) count];
        int[] colOf = new int[(int) count];
        float[] scoreOf = new float[(int) count];
        int n = 0;
        long dropped = 0;
        try (ResultSet rs = st.executeQuery("SELECT CAST(" + rowCol + " AS VARCHAR), CAST(" + colCol
                + " AS VARCHAR), score FROM " + parquet(dir, table) + " ORDER BY " + rowCol + ", pos")) {
            while (rs.next()) {
                int r = rowIds.indexOf(rs.getString(1));
                int col = colIds.indexOf(rs.getString(2));
                if (r < 0 || col < 0) {
                    dropped++;
                    continue;
                }
                rowOf[n] = r;
                colOf[n] = col;
                scoreOf[n++] = rs.getFloat(3);
            }
        }
        int[] start = new int[rows + 1];
        for (int q = 0; q < n; q++) {
            start[rowOf[q] + 1]++;
        }
        for (int r = 0; r < rows; r++) {
            start[r + 1] += start[r];
        }
        int[] next = java.util.Arrays.copyOf(start, rows);
        int[] items = new int[n];
        float[] scores = new float[n];
        for (int q = 0; q < n; q++) {
            int p = next[rowOf[q]]++;
            items[p] = colOf[q];
            scores[p] = scoreOf[q];
        }
        return new Table(start, items, scores, dropped);
    }
}
