package io.shoplens.analytics;

import io.shoplens.core.data.DataException;
import io.shoplens.core.io.LoadOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The embedded engine: DuckDB (Raasveldt and Mühleisen, "DuckDB: an embeddable analytical database", SIGMOD 2019)
 * in this JVM, over an in-memory database. Opened on an {@link AnalyticsInput} its {@code events} and
 * {@code items} are views on the input's Parquet files, read by DuckDB's parallel Parquet reader at each query
 * (projection pushdown keeps each scan to the columns the query uses); opened with {@link #load} on a source log
 * they are in-memory tables filled once by {@link EventIngest#load}, so validation reads the log once and no
 * query reads a file. Purchases joined with prices ({@code buy_lines}) are a table computed once either way.
 * DuckDB uses every core and spills to its temporary directory when an aggregate outgrows its memory limit (by
 * default 80% of RAM).
 */
public final class DuckDbEngine implements AnalyticsEngine {
    private final Connection connection;
    private final AnalyticsOptions options;
    private final AnalyticsInput input;

    /** Opens DuckDB on {@code input} with {@code options} (its {@code hasPrices} must match the input). */
    public DuckDbEngine(AnalyticsInput input, AnalyticsOptions options) {
        checkPrices(options, input.hasItems());
        this.options = options;
        this.input = input;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE VIEW events AS SELECT user_id, item_id, category_id, behavior, ts FROM read_parquet("
                        + EventIngest.literal(input.events()) + ")");
                if (input.hasItems()) {
                    st.execute("CREATE VIEW items AS SELECT item_id, price FROM read_parquet("
                            + EventIngest.literal(input.items()) + ")");
                }
                createViews(st, input.hasItems(), options);
            }
        } catch (SQLException e) {
            throw new DataException("DuckDB cannot open the analytics input " + input.events() + ": "
                    + e.getMessage(), e);
        }
    }

    private DuckDbEngine(Connection connection, AnalyticsInput input, AnalyticsOptions options) {
        this.connection = connection;
        this.input = input;
        this.options = options;
    }

    /**
     * Validates {@code source} with {@link EventIngest#load} straight into DuckDB's memory and opens the engine on
     * it; {@code options.hasPrices()} must say whether the source has a catalogue. The validation's reports are in
     * {@link #input()}.
     */
    public static DuckDbEngine load(EventIngest.Source source, LoadOptions load, AnalyticsOptions options) {
        checkPrices(options, source.items() != null);
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
        }
        try {
            AnalyticsInput input = EventIngest.load(source, load, c);
            try (Statement st = c.createStatement()) {
                createViews(st, input.hasItems(), options);
            }
            return new DuckDbEngine(c, input, options);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new DataException("DuckDB cannot open the analytics input " + source.events() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void checkPrices(AnalyticsOptions options, boolean hasItems) {
        if (options.hasPrices() != hasItems) {
            throw new IllegalArgumentException("options say prices " + (options.hasPrices() ? "are" : "are not")
                    + " given but the input " + (hasItems ? "has" : "has no") + " item catalogue");
        }
    }

    /** The empty {@code items} view without a catalogue, then {@link Query#views}, {@code buy_lines} as a table. */
    private static void createViews(Statement st, boolean hasItems, AnalyticsOptions options) throws SQLException {
        if (!hasItems) {
            st.execute("CREATE VIEW items AS " + Query.emptyItemsSql());
        }
        for (Map.Entry<String, String> v : Query.views(Dialect.DUCKDB, options).entrySet()) {
            st.execute("CREATE " + (v.getKey().equals("buy_lines") ? "TABLE " : "VIEW ") + v.getKey() + " AS "
                    + v.getValue());
        }
    }

    /** The input the engine runs on: the validation's reports, and the files it read. */
    public AnalyticsInput input() {
        return input;
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public Dialect dialect() {
        return Dialect.DUCKDB;
    }

    @Override
    public ResultTable run(Query query) {
        return query(query.table(), query.sql(Dialect.DUCKDB, options));
    }

    /**
     * Runs {@code sql} (a SELECT over the engine's tables and views, in {@link Dialect#DUCKDB}) and collects its
     * rows as the table {@code table}: for results that fit the Java heap; large ones go through {@link #export}.
     */
    public ResultTable query(String table, String sql) {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<ResultTable.Column> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(new ResultTable.Column(md.getColumnLabel(i), ResultTable.typeOf(md.getColumnTypeName(i))));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 0; i < columns.size(); i++) {
                    row.add(ResultTable.normalize(rs.getObject(i + 1), columns.get(i).type()));
                }
                rows.add(row);
            }
            return new ResultTable(table, columns, rows);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed on query " + table + ": " + e.getMessage(), e);
        }
    }

    /** Writes the rows of {@code sql} (a SELECT, {@link Dialect#DUCKDB}) to the Parquet file {@code parquet}. */
    public void export(String sql, Path parquet) {
        try (Statement st = connection.createStatement()) {
            st.execute("COPY (" + sql + ") TO " + EventIngest.literal(parquet) + " (FORMAT parquet, COMPRESSION zstd)");
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB cannot write " + parquet + ": " + e.getMessage(), e);
        }
    }

    /** Registers the Parquet file {@code parquet} as the view {@code name} for later queries. */
    public void createView(String name, Path parquet) {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE OR REPLACE VIEW " + name + " AS SELECT * FROM read_parquet("
                    + EventIngest.literal(parquet) + ")");
        } catch (SQLException e) {
            throw new DataException("DuckDB cannot read " + parquet + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close DuckDB: " + e.getMessage(), e);
        }
    }
}
