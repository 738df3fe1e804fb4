/**
 * Recommenders trained with Spark MLlib behind the core {@code Trainer → Recommender} contract. Training runs in
 * Spark; the trained factors are copied to the driver and scored in plain Java, so a Spark-trained model serves,
 * explains and saves like any other Shoplens model.
 *
 * <p>{@link io.shoplens.spark.recommend.SparkAlsTrainer} (registry name {@code spark-als}) is Spark's implicit ALS
 * (Hu, Koren &amp; Volinsky, ICDM 2008), the peer of Shoplens' own {@code ials}: both fold the given history in
 * with the trained item factors at scoring time, so they are evaluated the same way.
 */
package io.shoplens.spark.recommend;
