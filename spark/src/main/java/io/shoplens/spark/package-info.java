/**
 * The scale-out engine of Shoplens: Apache Spark sessions ({@link io.shoplens.spark.SparkSessions}) and Spark
 * implementations that run beside, and are benchmarked against, the in-process algorithms of
 * {@code shoplens-recommend}. Spark 4.1 runs on JDK 17 (or 21) with the JVM options in
 * {@code spark/jvm-options.txt}.
 */
package io.shoplens.spark;
