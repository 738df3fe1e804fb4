/**
 * Recommenders trained with Spark MLlib behind the core {@code Trainer → Recommender} contract. Training runs in
 * Spark; the trained factors are copied to the driver and scored in plain Java, so a Spark-trained model serves,
 * explains and saves like any other Shoplens model.
 *
 * <p>{@link io.shoplens.spark.recommend.SparkAlsTrainer} (registry name {@code spark-als}) is Spark's implicit ALS
 * (Hu, Koren &amp; Volinsky, ICDM 2008), the peer of Shoplens' own {@code ials}: both fold the given history in
 * with the trained item factors at scoring time, so they are evaluated the same way.
 *
 * <p>{@link io.shoplens.spark.recommend.SparkRecommendJob} is for shops beyond one machine: it trains the same ALS
 * on the cluster and keeps the results there, writing every user's top-K (seen items removed) and item neighbours
 * (ALS factor cosine and co-occurrence ItemKNN) as Parquet, which the {@code precomputed} model of the recommend
 * module serves.
 */
package io.shoplens.spark.recommend;
