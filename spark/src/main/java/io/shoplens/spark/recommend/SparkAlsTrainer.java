package io.shoplens.spark.recommend;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DataShape;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.common.InteractionMatrix;
import io.shoplens.spark.SparkSessions;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link SparkAlsModel} with Spark MLlib's {@code org.apache.spark.ml.recommendation.ALS} in implicit mode
 * (Hu, Koren &amp; Volinsky, ICDM 2008, as implemented in Spark with ALS-WR regularisation): the peer that
 * benchmarks compare Shoplens' own {@code ials} against.
 *
 * <p>The training events become one {@code (user, item, rating)} row per user-item pair with the strength of
 * {@link InteractionMatrix#of} under the parameters' weighting as rating; Spark fits {@code rank},
 * {@code maxIter}, {@code regParam}, {@code alpha}, {@code seed}, {@code numUserBlocks = numItemBlocks = blocks},
 * {@code implicitPrefs = true}, {@code nonnegative = false} (Cholesky solves) on them; the user and item factors
 * are collected to the driver, and every RDD the fit left cached is released. The model then scores without
 * Spark.
 *
 * <p>The session is the one given to the constructor, or {@link SparkSessions#getOrCreate(String)} for the
 * parameters' master; the trainer never stops it (starting Spark costs seconds, so one session serves many
 * trainings). The provenance's training seconds are the time inside {@code ALS.fit} plus collecting the factors,
 * excluding session start and building the input rows (both are logged).
 *
 * <p>Spark's result depends on the seed and the number of blocks; float sums inside Spark's shuffles may differ in
 * the last bits between runs.
 */
public final class SparkAlsTrainer implements Trainer<SparkAlsModel> {
    private static final Logger LOG = LoggerFactory.getLogger(SparkAlsTrainer.class);
    private static final StructType SCHEMA = new StructType()
            .add("user", DataTypes.IntegerType, false)
            .add("item", DataTypes.IntegerType, false)
            .add("rating", DataTypes.FloatType, false);

    private static final int CHUNK = 50_000;
    /** Heap per user-item pair that a local-mode fit holds in rows and ALS blocks. */
    static final long LOCAL_BYTES_PER_PAIR = 120;

    private final SparkAlsParams params;
    private final SparkSession session;

    /** A trainer that uses this JVM's session for {@code params.master()}, starting it when needed. */
    public SparkAlsTrainer(SparkAlsParams params) {
        this(params, null);
    }

    /** A trainer that fits in {@code session}; {@code params.master()} is then only recorded. */
    public SparkAlsTrainer(SparkAlsParams params, SparkSession session) {
        if (params == null) {
            throw new IllegalArgumentException("spark-als needs parameters");
        }
        this.params = params;
        this.session = session;
    }

    /** The hyperparameters. */
    public SparkAlsParams params() {
        return params;
    }

    /**
     * Driver heap: the interaction matrix, the collected factor tables and the model's copies of them; in local
     * mode the executors share this heap, holding the rating rows and ALS's in- and out-blocks, about
     * {@value #LOCAL_BYTES_PER_PAIR} bytes per user-item pair (measured by {@code shoplens bench scale}). With a
     * cluster master the executors' memory is the cluster's and is not counted.
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        DataShape shape = DataShape.of(data.events(), 0);
        long pairs = shape.pairs(1);
        long k = params.rank();
        boolean local = params.master().startsWith("local");
        return MemoryEstimate.of(SparkAlsParams.NAME)
                .part("interaction matrix", InteractionMatrix.bytes(shape.numUsers(), shape.numItems(), pairs))
                .part("factor tables and model", 4 * k * (shape.numUsers() + 2L * shape.numItems())
                        + 2 * 4 * k * (shape.numUsers() + (long) shape.numItems()))
                .part("Spark rows and ALS blocks (local mode)", local ? LOCAL_BYTES_PER_PAIR * pairs : 0)
                .build();
    }

    @Override
    public SparkAlsModel train(TrainingData data) {
        InteractionStore store = data.events();
        long t0 = System.nanoTime();
        SparkSession spark = session != null ? session : SparkSessions.getOrCreate(params.master());
        long t1 = System.nanoTime();
        InteractionMatrix m = InteractionMatrix.of(store, params.weighting());
        if (m.nnz() == 0) {
            throw new IllegalArgumentException("spark-als has no interaction to train on: the training data has "
                    + store.numEvents() + " events and none has a weight > 0");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Chunk> chunks = chunks(m, CHUNK);
        JavaRDD<Row> rows = jsc.parallelize(chunks, chunks.size()).flatMap(SparkAlsTrainer::rowsOf);
        Dataset<Row> ratings = spark.createDataFrame(rows, SCHEMA);
        ALS als = als(params);
        Set<Integer> cachedBefore = new HashSet<>(jsc.getPersistentRDDs().keySet());
        long t2 = System.nanoTime();
        int rank = params.rank();
        float[] users = new float[Math.multiplyExact(m.numUsers(), rank)];
        boolean[] hasUser = new boolean[m.numUsers()];
        float[] items = new float[Math.multiplyExact(m.numItems(), rank)];
        boolean[] hasItem = new boolean[m.numItems()];
        try {
            ALSModel fitted = als.fit(ratings);
            collect(fitted.userFactors(), users, hasUser, rank, "user");
            collect(fitted.itemFactors(), items, hasItem, rank, "item");
        } finally {
            release(jsc, cachedBefore);
        }
        double fitSeconds = (System.nanoTime() - t2) / 1e9;
        LOG.info("spark-als: session {} s, {} input rows {} s, ALS.fit + collect {} s", seconds(t1 - t0),
                m.nnz(), seconds(t2 - t1), String.format(Locale.ROOT, "%.2f", fitSeconds));
        Provenance provenance = new Provenance(SparkAlsParams.NAME, params.asMap(), data.fingerprint(),
                params.seed(), Provenance.shoplensVersion(), Instant.now(), fitSeconds);
        return new SparkAlsModel(params, rank, m.numUsers(), m.numItems(), users, hasUser, items, hasItem,
                store.ordinalTime(), provenance);
    }

    /**
     * Spark's implicit ALS set up from {@code params} (rank, sweeps, regularisation, alpha, seed, blocks; no
     * non-negativity) over the columns {@code user}, {@code item} and {@code rating}: the one place both this
     * trainer and {@link SparkRecommendJob} configure it.
     */
    static ALS als(SparkAlsParams params) {
        return new ALS()
                .setRank(params.rank())
                .setMaxIter(params.iterations())
                .setRegParam(params.lambda())
                .setAlpha(params.alpha())
                .setSeed(params.seed())
                .setNumUserBlocks(params.blocks())
                .setNumItemBlocks(params.blocks())
                .setImplicitPrefs(true)
                .setNonnegative(false)
                .setUserCol("user")
                .setItemCol("item")
                .setRatingCol("rating");
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    /**
     * A slice of the input rows as primitive arrays: what is shipped to Spark's tasks ({@value #CHUNK} rows, about
     * 600 KB, keeps each task below Spark's recommended task size).
     */
    record Chunk(int[] users, int[] items, float[] ratings) implements Serializable {
    }

    /** The entries of {@code m} in row order, cut into chunks of {@code size} rows (the last one shorter). */
    static List<Chunk> chunks(InteractionMatrix m, int size) {
        List<Chunk> chunks = new ArrayList<>();
        int[] users = new int[Math.min(size, m.nnz())];
        int n = 0;
        int shipped = 0;
        int[] items = new int[users.length];
        float[] ratings = new float[users.length];
        for (int u = 0; u < m.numUsers(); u++) {
            for (int k = m.userStart(u); k < m.userEnd(u); k++) {
                users[n] = u;
                items[n] = m.userItem(k);
                ratings[n] = m.userValue(k);
                if (++n == users.length) {
                    chunks.add(new Chunk(users, items, ratings));
                    shipped += n;
                    int next = Math.min(size, m.nnz() - shipped);
                    users = new int[next];
                    items = new int[next];
                    ratings = new float[next];
                    n = 0;
                }
            }
        }
        return chunks;
    }

    static Iterator<Row> rowsOf(Chunk c) {
        List<Row> rows = new ArrayList<>(c.users().length);
        for (int n = 0; n < c.users().length; n++) {
            rows.add(RowFactory.create(c.users()[n], c.items()[n], c.ratings()[n]));
        }
        return rows.iterator();
    }

    /** Copies Spark's {@code (id, features)} rows into a row-major table, marking the ids present. */
    private static void collect(Dataset<Row> factors, float[] table, boolean[] present, int rank, String what) {
        for (Row r : factors.collectAsList()) {
            int id = r.getInt(0);
            List<Float> features = r.getList(1);
            if (id < 0 || id >= present.length || features.size() != rank) {
                throw new IllegalStateException("Spark returned " + what + " " + id + " with " + features.size()
                        + " factors; expected an index below " + present.length + " and " + rank + " factors");
            }
            present[id] = true;
            int o = id * rank;
            for (int c = 0; c < rank; c++) {
                table[o + c] = features.get(c);
            }
        }
    }

    /** Unpersists every RDD cached since {@code before} was taken (ALS keeps its final factors cached). */
    private static void release(JavaSparkContext jsc, Set<Integer> before) {
        for (Map.Entry<Integer, JavaRDD<?>> e : jsc.getPersistentRDDs().entrySet()) {
            if (!before.contains(e.getKey())) {
                e.getValue().unpersist(false);
            }
        }
    }
}
