package io.shoplens.spark.analytics;

import io.shoplens.analytics.AnalyticsEngine;
import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.analytics.Dialect;
import io.shoplens.analytics.Query;
import io.shoplens.analytics.ResultTable;
import io.shoplens.core.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * The report on Apache Spark SQL (Armbrust et al., "Spark SQL: relational data processing in Spark", SIGMOD 2015):
 * the canonical Parquet files become the temporary views {@code events} and {@code items}, then the views of
 * {@link Query#views} and every query run in the {@link Dialect#SPARK} spelling; results are collected to the
 * driver as {@link ResultTable}s equal to DuckDB's on the same input.
 *
 * <p>The session decides where the work runs: {@code local[*]} in this JVM, or a cluster
 * ({@code spark://host:7077}, YARN, Kubernetes) whose executors read the Parquet files themselves, so the files
 * must be on storage every executor reaches (HDFS, S3 with {@code s3a://}, or a shared folder). Temporary views are
 * per session; the engine does not stop the session it was given.
 */
public final class SparkAnalyticsEngine implements AnalyticsEngine {
    private final SparkSession spark;
    private final AnalyticsOptions options;
    private final List<String> extraViews = new ArrayList<>();

    /**
     * An engine over the canonical files of {@code input} (local paths, which a cluster's executors must see).
     * A canonical file is one Parquet file of many row groups, smaller than Spark's default split of 128 MiB: so
     * that every core gets work, this lowers the session's {@code spark.sql.files.maxPartitionBytes} to a quarter
     * of the file per core (at least 1 MiB) when that is smaller than the current value.
     */
    public SparkAnalyticsEngine(SparkSession spark, AnalyticsInput input, AnalyticsOptions options) {
        this(splitAcrossCores(spark, input.events()), input.events().toUri().toString(),
                input.items() == null ? null : input.items().toUri().toString(), options);
    }

    private static SparkSession splitAcrossCores(SparkSession spark, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
        }
        long target = Math.max(1L << 20, size / (4L * spark.sparkContext().defaultParallelism()));
        String key = "spark.sql.files.maxPartitionBytes";
        long current = JavaUtils.byteStringAsBytes(spark.conf().get(key, "128m"));
        if (target < current) {
            spark.conf().set(key, Long.toString(target));
        }
        return spark;
    }

    /**
     * An engine over canonical Parquet data at Hadoop URIs, e.g. {@code hdfs:///shop/events/} (a file or a
     * folder of part files).
     *
     * @param events the events: {@code user_id, item_id, category_id, behavior, ts}
     * @param items  the catalogue: {@code item_id, price} (DECIMAL(12,2)), or null; must be given exactly when
     *               {@code options.hasPrices()}
     */
    public SparkAnalyticsEngine(SparkSession spark, String events, String items, AnalyticsOptions options) {
        if (options.hasPrices() != (items != null)) {
            throw new IllegalArgumentException("options say prices " + (options.hasPrices() ? "are" : "are not")
                    + " given but the items location is " + (items == null ? "missing" : items));
        }
        this.spark = spark;
        this.options = options;
        spark.read().parquet(events).select("user_id", "item_id", "category_id", "behavior", "ts")
                .createOrReplaceTempView("events");
        if (items != null) {
            spark.read().parquet(items).select("item_id", "price").createOrReplaceTempView("items");
        } else {
            spark.sql(Query.emptyItemsSql()).createOrReplaceTempView("items");
        }
        for (Map.Entry<String, String> v : Query.views(Dialect.SPARK, options).entrySet()) {
            spark.sql(v.getValue()).createOrReplaceTempView(v.getKey());
        }
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Dialect dialect() {
        return Dialect.SPARK;
    }

    /** The query's result as a Spark DataFrame, not collected (for writing large tables from the executors). */
    public Dataset<Row> frame(Query query) {
        return spark.sql(query.sql(Dialect.SPARK, options));
    }

    @Override
    public ResultTable run(Query query) {
        return collect(query.table(), frame(query));
    }

    /** The rows of {@code sql} (a SELECT, {@link Dialect#SPARK}) as a DataFrame, not collected. */
    public Dataset<Row> frame(String sql) {
        return spark.sql(sql);
    }

    /** Runs {@code sql} ({@link Dialect#SPARK}) and collects its rows to the driver as the table {@code table}. */
    public ResultTable query(String table, String sql) {
        return collect(table, frame(sql));
    }

    /** Registers the Parquet data at {@code location} (a Hadoop URI or local path) as the view {@code name}. */
    public void createView(String name, String location) {
        spark.read().parquet(location).createOrReplaceTempView(name);
        extraViews.add(name);
    }

    private static ResultTable collect(String table, Dataset<Row> df) {
        List<ResultTable.Column> columns = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            columns.add(new ResultTable.Column(f.name(), ResultTable.typeOf(f.dataType().simpleString()
                    .replaceFirst("\\(.*", ""))));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                row.add(ResultTable.normalize(r.get(i), columns.get(i).type()));
            }
            rows.add(row);
        }
        return new ResultTable(table, columns, rows);
    }

    /** Drops the engine's temporary views (and those of {@link #createView}); the session keeps running. */
    @Override
    public void close() {
        for (String view : extraViews) {
            spark.catalog().dropTempView(view);
        }
        for (String view : List.of("buy_lines", "ev", "items", "events")) {
            spark.catalog().dropTempView(view);
        }
    }
}
