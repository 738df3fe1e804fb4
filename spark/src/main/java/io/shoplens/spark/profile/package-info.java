/**
 * User profiles on Apache Spark: the profile SQL of {@link io.shoplens.profile.ProfileSql} in the Spark dialect and
 * k-means segments with Spark MLlib, for logs beyond one machine.
 */
package io.shoplens.spark.profile;
