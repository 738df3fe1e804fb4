package io.shoplens.spark.analytics;

import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.analytics.Query;
import io.shoplens.spark.SparkSessions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics report as a batch job for {@code spark-submit}: reads canonical Parquet events (and optionally
 * items) from any Hadoop file system and writes every table of {@link Query} beside each other under the output
 * location, as Parquet ({@code <out>/<table>/parquet}) and as one headed CSV file ({@code <out>/<table>/csv}),
 * written by the executors. The whole report is computed on the cluster; nothing but row counts returns to the
 * driver.
 *
 * <pre>
 * spark-submit --class io.shoplens.spark.analytics.SparkAnalyticsJob --master spark://host:7077 shoplens-spark.jar \
 *     --events hdfs:///shop/events.parquet [--items hdfs:///shop/items.parquet] --out hdfs:///shop/analytics \
 *     [--utc-offset 8] [--top 20]
 * </pre>
 */
public final class SparkAnalyticsJob {
    private static final Logger LOG = LoggerFactory.getLogger(SparkAnalyticsJob.class);

    private SparkAnalyticsJob() {
    }

    /**
     * Runs the report in {@code spark} and writes it under {@code out}; returns the row count of every table, by
     * table name, in report order.
     */
    public static Map<String, Long> run(SparkSession spark, String events, String items, AnalyticsOptions options,
                                        String out) {
        return run(spark, events, items, options, out, List.of(Query.values()));
    }

    /** Like {@link #run(SparkSession, String, String, AnalyticsOptions, String)} for the given queries only. */
    public static Map<String, Long> run(SparkSession spark, String events, String items, AnalyticsOptions options,
                                        String out, List<Query> queries) {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (SparkAnalyticsEngine engine = new SparkAnalyticsEngine(spark, events, items, options)) {
            for (Query q : queries) {
                long t0 = System.nanoTime();
                Dataset<Row> df = engine.frame(q).coalesce(1).cache();
                df.write().mode(SaveMode.Overwrite).parquet(out + "/" + q.table() + "/parquet");
                df.write().mode(SaveMode.Overwrite).option("header", "true").csv(out + "/" + q.table() + "/csv");
                rows.put(q.table(), df.count());
                df.unpersist();
                LOG.info("{}: {} rows in {} s", q.table(), rows.get(q.table()),
                        String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
            }
        }
        return rows;
    }

    /** Command line: {@code --events URI [--items URI] --out URI [--utc-offset H] [--top N] [--master URL]}. */
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got '" + key + "'; usage: "
                        + "--events URI [--items URI] --out URI [--utc-offset H] [--top N] [--master URL]");
            }
            a.put(key.substring(2), args[++i]);
        }
        for (String k : a.keySet()) {
            if (!Map.of("events", 1, "items", 1, "out", 1, "utc-offset", 1, "top", 1, "master", 1).containsKey(k)) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
        if (!a.containsKey("events") || !a.containsKey("out")) {
            throw new IllegalArgumentException("--events and --out are required");
        }
        AnalyticsOptions options = new AnalyticsOptions(Integer.parseInt(a.getOrDefault("utc-offset", "8")),
                Integer.parseInt(a.getOrDefault("top", "20")), a.containsKey("items"));
        SparkSession spark = a.containsKey("master") ? SparkSessions.getOrCreate(a.get("master"))
                : SparkSession.builder().appName("shoplens-analytics").getOrCreate();
        try {
            run(spark, a.get("events"), a.get("items"), options, a.get("out"))
                    .forEach((table, n) -> System.out.println(table + "\t" + n + " rows"));
        } finally {
            spark.stop();
        }
    }
}
