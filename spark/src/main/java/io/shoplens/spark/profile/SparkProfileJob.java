package io.shoplens.spark.profile;

import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.Dialect;
import io.shoplens.core.io.LoadReport;
import io.shoplens.core.model.Provenance;
import io.shoplens.profile.Aggregate;
import io.shoplens.profile.ProfileJob;
import io.shoplens.profile.ProfileOptions;
import io.shoplens.profile.ProfileReport;
import io.shoplens.profile.ProfileSql;
import io.shoplens.profile.Pseudonymizer;
import io.shoplens.profile.UserIngest;
import io.shoplens.profile.segment.SegmentFeatures;
import io.shoplens.profile.segment.SegmentModel;
import io.shoplens.profile.segment.SegmentParams;
import io.shoplens.spark.analytics.SparkAnalyticsEngine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profile job on Spark: the same profile SQL as DuckDB ({@link ProfileSql} in {@link Dialect#SPARK}), k-means
 * segments by Spark MLlib (mean imputation, z-scores, {@code KMeans} with k-means|| initialisation, Bahmani et al.
 * 2012; k chosen by MLlib's silhouette on a seeded sample), pseudonymous ids by a UDF with the same HMAC as
 * DuckDB's job, and the same aggregates and report files. Profiles are written by the executors as a Parquet
 * folder {@code profiles.parquet} and a CSV folder {@code profiles.csv}.
 */
public final class SparkProfileJob {
    private static final Logger LOG = LoggerFactory.getLogger(SparkProfileJob.class);

    private SparkProfileJob() {
    }

    /** The profile table of the engine's input, collected (for tests and small logs). */
    public static io.shoplens.analytics.ResultTable table(SparkAnalyticsEngine engine, ProfileOptions o,
            io.shoplens.profile.TagRules tags) {
        return engine.query("profiles", ProfileSql.sql(Dialect.SPARK, o, tags));
    }

    /** Profiles {@code input} on {@code spark} into {@code out}; see {@link ProfileJob#run} for the outputs. */
    public static ProfileReport run(SparkSession spark, AnalyticsInput input, UserIngest.Result users,
            ProfileJob.Config config, Path out) {
        long t0 = System.nanoTime();
        ProfileOptions o = config.options().withUsers(users != null);
        List<SegmentFeatures.Feature> features = SegmentFeatures.of(o.analytics().hasPrices());
        List<String> names = SegmentFeatures.names(features);
        SegmentModel model = null;
        List<Aggregate> aggregates;
        long n;
        try (SparkAnalyticsEngine engine = new SparkAnalyticsEngine(spark, input, o.analytics())) {
            if (users != null) {
                engine.createView("users", users.parquet().toUri().toString());
            }
            Dataset<Row> profiles = engine.frame(ProfileSql.sql(Dialect.SPARK, o, config.tags())).cache();
            n = profiles.count();
            profiles.createOrReplaceTempView("profiles_raw");
            Dataset<Row> withFeatures = spark.sql("SELECT *, " + SegmentFeatures.selectList(features, "f__")
                    + " FROM profiles_raw");
            Dataset<Row> segmented;
            Dataset<Row> standardised = null;
            if (config.segments() != null) {
                SegmentParams sp = config.segments();
                List<String> imputed = names.stream().map(f -> "f__" + f + "__i").toList();
                Pipeline prep = new Pipeline().setStages(new PipelineStage[] {
                    new Imputer().setInputCols(names.stream().map(f -> "f__" + f).toArray(String[]::new))
                            .setOutputCols(imputed.toArray(String[]::new)).setStrategy("mean"),
                    new VectorAssembler().setInputCols(imputed.toArray(String[]::new)).setOutputCol("raw__v"),
                    new StandardScaler().setInputCol("raw__v").setOutputCol("z__v").setWithMean(true)
                            .setWithStd(true)});
                PipelineModel pm = prep.fit(withFeatures);
                Dataset<Row> z = pm.transform(withFeatures).cache();
                standardised = z;
                double searchShare = Math.min(1.0, 20_000.0 / Math.max(1, n));
                Dataset<Row> search = z.sample(false, searchShare, sp.seed()).cache();
                Dataset<Row> silSample = search.limit(sp.silhouetteUsers()).cache();
                ClusteringEvaluator eval = new ClusteringEvaluator().setFeaturesCol("z__v")
                        .setPredictionCol("segment__raw");
                Map<Integer, Double> silhouettes = new LinkedHashMap<>();
                int bestK = sp.kMin();
                double best = Double.NEGATIVE_INFINITY;
                for (int k = sp.kMin(); k <= sp.kMax(); k++) {
                    KMeansModel m = kmeans(sp, k).fit(search);
                    double s = eval.evaluate(m.transform(silSample));
                    silhouettes.put(k, s);
                    LOG.info("spark k = {}: silhouette {}", k, String.format(Locale.ROOT, "%.4f", s));
                    if (s > best) {
                        best = s;
                        bestK = k;
                    }
                }
                silSample.unpersist();
                search.unpersist();
                double fitShare = Math.min(1.0, (double) sp.fitUsers() / Math.max(1, n));
                KMeansModel fitted = kmeans(sp, bestK).fit(z.sample(false, fitShare, sp.seed() + 1));
                Dataset<Row> assigned = fitted.transform(z);
                long[] sizes = new long[bestK];
                for (Row r : assigned.groupBy("segment__raw").count().collectAsList()) {
                    sizes[r.getInt(0)] = r.getLong(1);
                }
                Integer[] order = new Integer[bestK];
                for (int i = 0; i < bestK; i++) {
                    order[i] = i;
                }
                java.util.Arrays.sort(order, (a, b) -> sizes[a] != sizes[b] ? Long.compare(sizes[b], sizes[a])
                        : Integer.compare(a, b));
                StringBuilder relabel = new StringBuilder("CASE segment__raw");
                double[][] centroids = new double[bestK][];
                Vector[] centers = fitted.clusterCenters();
                for (int i = 0; i < bestK; i++) {
                    relabel.append(" WHEN ").append(order[i]).append(" THEN ").append(i);
                    centroids[i] = centers[order[i]].toArray();
                }
                relabel.append(" END");
                StandardScalerModel scaler = (StandardScalerModel) pm.stages()[2];
                Map<String, String> params = new LinkedHashMap<>(sp.asMap());
                params.put("engine", "spark-mllib");
                Provenance p = new Provenance(SegmentParams.NAME, params, fingerprint(input)
                        + "|features=" + names, sp.seed(), Provenance.shoplensVersion(), Instant.now(),
                        (System.nanoTime() - t0) / 1e9);
                model = new SegmentModel(names, scaler.mean().toArray(), scaler.std().toArray(), centroids,
                        silhouettes, p);
                segmented = assigned.selectExpr("*", "CAST(" + relabel + " AS INT) AS segment");
            } else {
                segmented = withFeatures.selectExpr("*", "CAST(NULL AS INT) AS segment");
            }
            if (config.propensity() != null) {
                List<Row> scores = new ArrayList<>();
                config.propensity().scores().forEach((id, p) -> scores.add(RowFactory.create(id, p)));
                spark.createDataFrame(scores, new StructType().add("p__uid", DataTypes.StringType)
                        .add("propensity", DataTypes.DoubleType)).createOrReplaceTempView("profile_propensity");
            } else {
                spark.sql("SELECT CAST(NULL AS STRING) AS p__uid, CAST(NULL AS DOUBLE) AS propensity WHERE 1 = 0")
                        .createOrReplaceTempView("profile_propensity");
            }
            segmented.createOrReplaceTempView("profiles_segmented");
            segmented = spark.sql("SELECT s.*, pp.propensity FROM profiles_segmented s LEFT JOIN profile_propensity pp "
                    + "ON pp.p__uid = CAST(s.user_id AS STRING)");
            List<String> cols = new ArrayList<>(ProfileSql.COLUMNS);
            cols.add("segment");
            cols.add("propensity");
            Dataset<Row> exported = segmented.selectExpr(cols.toArray(String[]::new));
            if (config.pseudonymizer() != null) {
                Pseudonymizer ps = config.pseudonymizer();
                spark.udf().register("shoplens_pseudonym", (UDF1<String, String>) ps::pseudonym,
                        DataTypes.StringType);
                cols.set(0, "shoplens_pseudonym(CAST(user_id AS STRING)) AS user_id");
                exported = exported.selectExpr(cols.toArray(String[]::new));
            }
            exported = exported.orderBy("user_id").cache();
            exported.write().mode(SaveMode.Overwrite).parquet(out.resolve("profiles.parquet").toString());
            exported.write().mode(SaveMode.Overwrite).option("header", "true")
                    .csv(out.resolve("profiles.csv").toString());
            exported.createOrReplaceTempView("profiles");
            aggregates = ProfileJob.aggregates(sql -> collect(spark.sql(sql)), Dialect.SPARK, n, config.cells(),
                    model != null);
            spark.catalog().dropTempView("profiles");
            spark.catalog().dropTempView("profiles_raw");
            spark.catalog().dropTempView("profiles_segmented");
            spark.catalog().dropTempView("profile_propensity");
            exported.unpersist();
            if (standardised != null) {
                standardised.unpersist();
            }
            profiles.unpersist();
        }
        List<ProfileReport.Segment> segments = new ArrayList<>();
        if (model != null) {
            model.save(out.resolve("segment-model.bin"));
            Aggregate seg = aggregates.get(0);
            for (int s = 0; s < model.k(); s++) {
                Aggregate.Row row = null;
                for (Aggregate.Row r : seg.rows()) {
                    if (r.label().equals(Integer.toString(s))) {
                        row = r;
                    }
                }
                segments.add(new ProfileReport.Segment(s, model.describe(s, features), model.centroid(s),
                        row != null ? row : new Aggregate.Row(Integer.toString(s), 0L, 0.0, List.of())));
            }
        }
        List<LoadReport> reports = new ArrayList<>(input.reports());
        if (users != null) {
            reports.add(users.report());
        }
        ProfileReport report = new ProfileReport(input.name(), input.eventRows(), reports, "spark", o, config.tags(),
                config.pseudonymizer() != null, config.cells(), n, model, segments, aggregates,
                (System.nanoTime() - t0) / 1e9, config.propensity());
        report.write(out);
        return report;
    }

    private static KMeans kmeans(SegmentParams sp, int k) {
        return new KMeans().setK(k).setSeed(sp.seed() * 31 + k).setMaxIter(sp.maxIterations())
                .setFeaturesCol("z__v").setPredictionCol("segment__raw");
    }

    private static List<List<Object>> collect(Dataset<Row> df) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            List<Object> row = new ArrayList<>(r.size());
            for (int i = 0; i < r.size(); i++) {
                Object v = r.get(i);
                row.add(v instanceof java.math.BigDecimal b ? b.doubleValue()
                        : v instanceof Integer x ? (Object) x.longValue() : v);
            }
            out.add(row);
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
