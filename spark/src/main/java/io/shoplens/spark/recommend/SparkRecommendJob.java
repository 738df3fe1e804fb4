package io.shoplens.spark.recommend;

import io.shoplens.core.data.DataException;
import io.shoplens.recommend.common.Weighting;
import io.shoplens.recommend.precomputed.PrecomputedTrainer;
import io.shoplens.spark.SparkSessions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Precomputes recommendations for a shop too large for one machine, entirely on a Spark cluster: trains Spark
 * MLlib's implicit ALS (Hu, Koren &amp; Volinsky, ICDM 2008; set up as {@link SparkAlsTrainer} does, from
 * {@link SparkAlsParams}) on a behaviour log and writes four Parquet tables under the output location, which
 * {@link PrecomputedTrainer} imports as a served {@code precomputed} model:
 *
 * <ul>
 *   <li>{@code <out>/user-recs} ({@code user_id, pos, item_id, score}): every trained user's top {@code k} by
 *       {@code ALSModel.recommendForAllUsers}, the user's seen items removed. That call does not filter seen
 *       items, so the job over-fetches {@code k + min(maxSeen, overfetch)} items per user and drops the seen ones
 *       with a left anti join in Spark SQL; a user with more than {@code overfetch} seen items that all rank high
 *       may end with fewer than {@code k} (the result counts them as short lists).</li>
 *   <li>{@code <out>/item-neighbours-als} ({@code item_id, pos, neighbour_id, score}): every item's {@code n}
 *       nearest items by cosine of the ALS item factors. They come from the same blocked top-K that
 *       {@code recommendForAllUsers} runs (Spark's {@code blockify} cross join of factor blocks with a bounded
 *       priority queue per row), fed the L2-normalised item factors on both sides, so no all-pairs table is
 *       materialised; the item itself is fetched too and dropped.</li>
 *   <li>{@code <out>/item-neighbours-cooc} ({@code item_id, pos, neighbour_id, score}): item-to-item
 *       co-occurrence ItemKNN in Spark SQL (Sarwar et al., WWW 2001; Deshpande &amp; Karypis, TOIS 2004): the
 *       cosine {@code c_ij / sqrt(n_i n_j)} over users, with {@code c_ij} the users who interacted with both and
 *       {@code n_i} those with {@code i}; each user contributes only the {@code maxHistory} items they touched
 *       last, which bounds the self join to {@code maxHistory²} pairs per user.</li>
 *   <li>{@code <out>/meta} ({@code key, value}): when and how the lists were made (the parameters, the input,
 *       the time they were computed, the counts).</li>
 * </ul>
 *
 * <p>The log is the Taobao layout ({@code user_id,item_id,category_id,behavior,ts}, no header) as {@code .csv}
 * or {@code .csv.gz}, or canonical Parquet with those columns; any Hadoop URI works ({@code hdfs://},
 * {@code s3a://}, {@code file:}) as long as every executor reaches it. Ids must be integers that fit an
 * {@code int} (Spark ALS's id type). Interaction strengths follow the parameters' behaviour weights (summed or
 * maximum per pair); time decay is not supported here.
 *
 * <pre>
 * spark-submit --class io.shoplens.spark.recommend.SparkRecommendJob --master spark://host:7077 shoplens.jar \
 *     --data hdfs:///shop/events.csv.gz --out hdfs:///shop/recs [--k 100] [--neighbours 50] [--rank 64] ...
 * </pre>
 */
public final class SparkRecommendJob {
    private static final Logger LOG = LoggerFactory.getLogger(SparkRecommendJob.class);
    private static final String USER_RECS = PrecomputedTrainer.USER_RECS;
    private static final String NEIGHBOURS_ALS = PrecomputedTrainer.NEIGHBOURS_ALS;
    private static final String NEIGHBOURS_COOC = PrecomputedTrainer.NEIGHBOURS_COOC;
    private static final String META = PrecomputedTrainer.META;

    private static final StructType META_SCHEMA = new StructType()
            .add("key", DataTypes.StringType, false)
            .add("value", DataTypes.StringType, false);

    private SparkRecommendJob() {
    }

    /**
     * What to compute.
     *
     * @param data       the behaviour log's location (see the class documentation)
     * @param out        where the tables go (replaced if present)
     * @param k          items per user, 1..10000
     * @param neighbours neighbours per item in both neighbour tables, 1..10000
     * @param overfetch  extra items fetched per user to replace seen ones, 0..100000
     * @param maxHistory a user's latest distinct items that count for co-occurrence, 1..100000
     * @param als        the ALS hyperparameters (only behaviour weights and {@code sumRepeats} of the weighting)
     */
    public record Options(String data, String out, int k, int neighbours, int overfetch, int maxHistory,
                          SparkAlsParams als) {
        public Options {
            if (data == null || data.isBlank() || out == null || out.isBlank()) {
                throw new IllegalArgumentException("the job needs a data location and an output location, got '"
                        + data + "' and '" + out + "'");
            }
            if (als == null) {
                throw new IllegalArgumentException("the job needs ALS parameters");
            }
            check("k", k, 1, 10_000);
            check("neighbours", neighbours, 1, 10_000);
            check("overfetch", overfetch, 0, 100_000);
            check("maxHistory", maxHistory, 1, 100_000);
            Weighting w = als.weighting();
            if (w.halfLifeDays() != 0 || w.halfLifeEvents() != 0) {
                throw new IllegalArgumentException("the Spark recommend job supports no time decay; got halfLifeDays="
                        + w.halfLifeDays() + " and halfLifeEvents=" + w.halfLifeEvents() + " (set both to 0)");
            }
        }

        /** k 100, 50 neighbours, over-fetch 500, co-occurrence over the last 200 items, ALS {@code defaults}. */
        public static Options defaults(String data, String out) {
            return new Options(data, out, 100, 50, 500, 200, SparkAlsParams.defaults());
        }

        private static void check(String key, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be in [%d, %d], got %d",
                        key, min, max, value));
            }
        }
    }

    /**
     * What the run produced.
     *
     * @param events     events read
     * @param pairs      user-item pairs ALS trained on
     * @param users      users with a top list
     * @param shortLists users whose list has fewer than {@code k} items
     * @param items      items with a factor
     * @param computedAt when the lists were finished
     * @param seconds    wall time of the whole run
     */
    public record Result(long events, long pairs, long users, long shortLists, long items, Instant computedAt,
                         double seconds) {
    }

    /** Runs the job in {@code spark} (which it does not stop). */
    public static Result run(SparkSession spark, Options o) {
        long t0 = System.nanoTime();
        Dataset<Row> raw = read(spark, o.data());
        raw.createOrReplaceTempView("sl_events");
        Dataset<Row> events = spark.sql("SELECT try_cast(user_id AS INT) AS user, try_cast(item_id AS INT) AS item, "
                + "lower(CAST(behavior AS STRING)) AS behavior, try_cast(ts AS BIGINT) AS ts, "
                + "user_id IS NOT NULL AND try_cast(user_id AS INT) IS NULL "
                + "OR item_id IS NOT NULL AND try_cast(item_id AS INT) IS NULL AS bad_id FROM sl_events").cache();
        events.createOrReplaceTempView("sl_ev");
        Row counts = spark.sql("SELECT count(*), count_if(bad_id), count_if(user IS NULL OR item IS NULL) "
                + "FROM sl_ev").first();
        long numEvents = counts.getLong(0);
        if (counts.getLong(1) > 0) {
            throw new IllegalArgumentException(o.data() + " has " + counts.getLong(1) + " events whose user or item "
                    + "id is not an integer in the int range, which Spark ALS needs");
        }
        if (numEvents == 0 || counts.getLong(2) == numEvents) {
            throw new IllegalArgumentException(o.data() + " has no event with a user and an item");
        }
        Weighting w = o.als().weighting();
        String weight = String.format(Locale.ROOT, "CASE behavior WHEN 'pv' THEN %s WHEN 'cart' THEN %s "
                + "WHEN 'fav' THEN %s WHEN 'buy' THEN %s ELSE 0D END", w.pv(), w.cart(), w.fav(), w.buy());
        Dataset<Row> ratings = spark.sql("SELECT user, item, CAST(" + (w.sum() ? "sum" : "max") + "(" + weight
                + ") AS FLOAT) AS rating, max(ts) AS last_ts FROM sl_ev WHERE user IS NOT NULL AND item IS NOT NULL "
                + "GROUP BY user, item HAVING rating > 0").cache();
        ratings.createOrReplaceTempView("sl_pairs");
        Row seen = spark.sql("SELECT sum(n), max(n) FROM (SELECT count(*) AS n FROM sl_pairs GROUP BY user)")
                .first();
        long pairs = seen.isNullAt(0) ? 0 : seen.getLong(0);
        if (pairs == 0) {
            throw new IllegalArgumentException(o.data() + " has " + numEvents + " events and none has a weight > 0 "
                    + "under " + w);
        }
        int fetch = (int) Math.min(o.k() + Math.min(seen.getLong(1), o.overfetch()), Integer.MAX_VALUE);
        long t1 = System.nanoTime();
        ALSModel model = SparkAlsTrainer.als(o.als()).fit(ratings.select("user", "item", "rating"));
        LOG.info("spark recommend: {} events, {} pairs, ALS.fit {} s", numEvents, pairs, seconds(t1));

        model.recommendForAllUsers(fetch).createOrReplaceTempView("sl_recs");
        Dataset<Row> userRecs = spark.sql("SELECT user AS user_id, CAST(row_number() OVER (PARTITION BY user "
                + "ORDER BY score DESC, item) AS INT) AS pos, item AS item_id, score FROM ("
                + "SELECT r.user, r.rec.item AS item, r.rec.rating AS score FROM "
                + "(SELECT user, explode(recommendations) AS rec FROM sl_recs) r "
                + "LEFT ANTI JOIN sl_pairs p ON r.user = p.user AND r.rec.item = p.item)")
                .where("pos <= " + o.k()).cache();
        write(userRecs, o.out() + "/" + USER_RECS);
        Row lists = userRecs.groupBy("user_id").count()
                .selectExpr("count(*)", "count_if(count < " + o.k() + ")").first();
        userRecs.unpersist();
        LOG.info("spark recommend: {} user lists ({} short) after {} s", lists.getLong(0), lists.getLong(1),
                seconds(t0));

        Dataset<Row> unit = model.itemFactors()
                .selectExpr("id", "features", "sqrt(aggregate(features, 0D, (a, y) -> a + y * y)) AS norm")
                .where("norm > 0")
                .selectExpr("id", "transform(features, x -> CAST(x / norm AS FLOAT)) AS features").cache();
        long items = unit.count();
        ALSModel cosine = new ALSModel("shoplens-item-cosine", o.als().rank(), unit, unit)
                .setUserCol("item").setItemCol("neighbour");
        cosine.recommendForAllUsers(o.neighbours() + 1).createOrReplaceTempView("sl_als_nb");
        write(spark.sql("SELECT item AS item_id, CAST(row_number() OVER (PARTITION BY item ORDER BY score DESC, "
                + "neighbour) AS INT) AS pos, neighbour AS neighbour_id, score FROM (SELECT item, "
                + "rec.neighbour AS neighbour, rec.rating AS score FROM (SELECT item, explode(recommendations) AS rec "
                + "FROM sl_als_nb)) WHERE neighbour <> item").where("pos <= " + o.neighbours()),
                o.out() + "/" + NEIGHBOURS_ALS);
        unit.unpersist();
        LOG.info("spark recommend: ALS neighbours of {} items after {} s", items, seconds(t0));

        write(spark.sql(cooccurrenceSql(o.maxHistory(), o.neighbours())), o.out() + "/" + NEIGHBOURS_COOC);
        LOG.info("spark recommend: co-occurrence neighbours after {} s", seconds(t0));
        ratings.unpersist();
        events.unpersist();

        Instant at = Instant.now();
        Result result = new Result(numEvents, pairs, lists.getLong(0), lists.getLong(1), items, at,
                (System.nanoTime() - t0) / 1e9);
        writeMeta(spark, o, result);
        for (String view : List.of("sl_events", "sl_ev", "sl_pairs", "sl_recs", "sl_als_nb")) {
            spark.catalog().dropTempView(view);
        }
        return result;
    }

    /**
     * The co-occurrence cosine over the view {@code sl_pairs(user, item, rating, last_ts)}: every user's latest
     * {@code maxHistory} items, the pairs within each user, their counts and the top {@code neighbours} per item.
     */
    static String cooccurrenceSql(int maxHistory, int neighbours) {
        return "WITH h AS (SELECT user, item FROM (SELECT user, item, row_number() OVER (PARTITION BY user "
                + "ORDER BY last_ts DESC, item) AS r FROM sl_pairs) WHERE r <= " + maxHistory + "), "
                + "n AS (SELECT item, count(*) AS n FROM h GROUP BY item), "
                + "c AS (SELECT a.item AS i, b.item AS j, count(*) AS c FROM h a JOIN h b ON a.user = b.user "
                + "AND a.item <> b.item GROUP BY a.item, b.item), "
                + "s AS (SELECT c.i, c.j, CAST(c.c / sqrt(CAST(ni.n AS DOUBLE) * nj.n) AS FLOAT) AS score FROM c "
                + "JOIN n ni ON ni.item = c.i JOIN n nj ON nj.item = c.j) "
                + "SELECT i AS item_id, pos, j AS neighbour_id, score FROM (SELECT i, j, score, "
                + "CAST(row_number() OVER (PARTITION BY i ORDER BY score DESC, j) AS INT) AS pos FROM s) "
                + "WHERE pos <= " + neighbours;
    }

    /** The log at {@code location}: Taobao CSV for {@code .csv}/{@code .csv.gz}, else Parquet. */
    static Dataset<Row> read(SparkSession spark, String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            return spark.read().schema("user_id STRING, item_id STRING, category_id STRING, behavior STRING, "
                    + "ts STRING").option("header", "false").csv(location);
        }
        return spark.read().parquet(location).select("user_id", "item_id", "behavior", "ts");
    }

    /**
     * The job's output at {@code out} as a local folder: {@code out} itself when it is a local path or
     * {@code file:} URI, else a copy under {@code local} made with the session's Hadoop file system (HDFS, S3...).
     */
    public static Path localCopy(SparkSession spark, String out, Path local) {
        URI uri = URI.create(out);
        if (uri.getScheme() == null) {
            return Path.of(out);
        }
        if (uri.getScheme().equals("file")) {
            return Path.of(uri);
        }
        try {
            org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(out);
            FileSystem fs = from.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Files.createDirectories(local);
            fs.copyToLocalFile(false, from, new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri()), true);
            return local.resolve(from.getName());
        } catch (IOException e) {
            throw new DataException("cannot copy " + out + " to " + local + ": "
                    + e.getMessage(), e);
        }
    }

    private static void write(Dataset<Row> df, String location) {
        df.write().mode(SaveMode.Overwrite).parquet(location);
    }

    private static void writeMeta(SparkSession spark, Options o, Result r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("algorithm", SparkAlsParams.NAME);
        m.put("computedAt", r.computedAt().toString());
        m.put("seconds", String.format(Locale.ROOT, "%.3f", r.seconds()));
        m.put("data", o.data());
        m.put("k", Integer.toString(o.k()));
        m.put("neighbours", Integer.toString(o.neighbours()));
        m.put("overfetch", Integer.toString(o.overfetch()));
        m.put("maxHistory", Integer.toString(o.maxHistory()));
        m.put("events", Long.toString(r.events()));
        m.put("pairs", Long.toString(r.pairs()));
        m.put("users", Long.toString(r.users()));
        m.put("shortLists", Long.toString(r.shortLists()));
        m.put("items", Long.toString(r.items()));
        m.put("sparkVersion", spark.version());
        m.put("master", spark.sparkContext().master());
        o.als().asMap().forEach((key, value) -> m.put("als." + key, value));
        List<Row> rows = new ArrayList<>();
        m.forEach((key, value) -> rows.add(RowFactory.create(key, value)));
        write(spark.createDataFrame(rows, META_SCHEMA).coalesce(1), o.out() + "/" + META);
    }

    private static String seconds(long since) {
        return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - since) / 1e9);
    }

    /**
     * Command line: {@code --data URI --out URI [--master URL] [--k N] [--neighbours N] [--overfetch N]
     * [--max-history N]} and any {@code spark-als} parameter as {@code --rank 64}, {@code --iterations 15}...
     * Without {@code --master} the session is the one {@code spark-submit} configured.
     */
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got '" + args[i] + "'; usage: "
                        + "--data URI --out URI [--master URL] [--k N] [--neighbours N] [--overfetch N] "
                        + "[--max-history N] [--rank N] [--iterations N] ...");
            }
            a.put(args[i].substring(2), args[++i]);
        }
        String data = a.remove("data");
        String out = a.remove("out");
        String master = a.remove("master");
        Options d = Options.defaults(data == null ? "" : data, out == null ? "" : out);
        int k = intArg(a.remove("k"), d.k());
        int neighbours = intArg(a.remove("neighbours"), d.neighbours());
        int overfetch = intArg(a.remove("overfetch"), d.overfetch());
        int maxHistory = intArg(a.remove("max-history"), d.maxHistory());
        if (master != null) {
            a.put("master", master);
        }
        Options o = new Options(data, out, k, neighbours, overfetch, maxHistory, SparkAlsParams.from(a));
        SparkSession spark = master != null ? SparkSessions.getOrCreate(master)
                : SparkSession.builder().appName("shoplens-recommend").getOrCreate();
        try {
            Result r = run(spark, o);
            System.out.println(r);
        } finally {
            spark.stop();
        }
    }

    private static int intArg(String text, int fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got '" + text + "'", e);
        }
    }
}
