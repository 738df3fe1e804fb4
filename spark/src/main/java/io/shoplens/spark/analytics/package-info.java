/**
 * The analytics report of {@link io.shoplens.analytics.Query} on Apache Spark: the same SQL text as DuckDB, in the
 * Spark dialect, over the canonical Parquet input read from any Hadoop file system (local, HDFS, S3).
 */
package io.shoplens.spark.analytics;
