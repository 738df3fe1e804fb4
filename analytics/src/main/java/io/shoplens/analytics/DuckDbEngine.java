package io.shoplens.analytics;

import io.shoplens.core.data.DataException;
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
 * in this JVM, over an in-memory database whose {@code events} and {@code items} are views on the input's Parquet
 * files, read by DuckDB's parallel Parquet reader at each query (projection pushdown keeps each scan to the
 * columns the query uses). DuckDB uses every core and spills to its temporary directory when an aggregate
 * outgrows its memory limit (by default 80% of RAM).
 */
public final class DuckDbEngine implements AnalyticsEngine {
    private final Connection connection;
    private final AnalyticsOptions options;

    /** Opens DuckDB on {@code input} with {@code options} (its {@code hasPrices} must match the input). */
    public DuckDbEngine(AnalyticsInput input, AnalyticsOptions options) {
        if (options.hasPrices() != input.hasItems()) {
            throw new IllegalArgumentException("options say prices " + (options.hasPrices() ? "are" : "are not")
                    + " given but the input " + (input.hasItems() ? "has" : "has no") + " item catalogue");
        }
        this.options = options;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE VIEW events AS SELECT user_id, item_id, category_id, behavior, ts FROM read_parquet("
                        + EventIngest.literal(input.events()) + ")");
                st.execute("CREATE VIEW items AS " + (input.hasItems()
                        ? "SELECT item_id, price FROM read_parquet(" + EventIngest.literal(input.items()) + ")"
                        : Query.emptyItemsSql()));
                for (Map.Entry<String, String> v : Query.views(Dialect.DUCKDB, options).entrySet()) {
                    st.execute("CREATE VIEW " + v.getKey() + " AS " + v.getValue());
                }
            }
        } catch (SQLException e) {
            throw new DataException("DuckDB cannot open the analytics input " + input.events() + ": "
                    + e.getMessage(), e);
        }
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
