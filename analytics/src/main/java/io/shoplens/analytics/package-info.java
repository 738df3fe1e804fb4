/**
 * Behaviour analytics written once in SQL and run by an {@link io.shoplens.analytics.AnalyticsEngine}: embedded
 * DuckDB here ({@link io.shoplens.analytics.DuckDbEngine}), Apache Spark in the {@code spark} module. Inputs pass
 * through core's validating readers ({@link io.shoplens.analytics.EventIngest}) into a canonical Parquet file that
 * every engine reads; the queries are in {@link io.shoplens.analytics.Query}, the few spelling differences between
 * the engines' SQL in {@link io.shoplens.analytics.Dialect}.
 */
package io.shoplens.analytics;
