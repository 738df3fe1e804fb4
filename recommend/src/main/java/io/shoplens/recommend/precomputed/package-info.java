/**
 * Recommendations computed elsewhere and served here: {@link io.shoplens.recommend.precomputed.PrecomputedTrainer}
 * imports the Parquet lists of {@code shoplens spark recommend} (users' ALS top-K, item neighbours) with DuckDB
 * into {@link io.shoplens.recommend.precomputed.PrecomputedModel}, two compact CSR tables in the served data's
 * index space. Nothing here depends on Spark.
 */
package io.shoplens.recommend.precomputed;
