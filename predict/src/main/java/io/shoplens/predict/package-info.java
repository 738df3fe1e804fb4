/**
 * Prediction from behaviour logs and catalogues, each model reported against a simple baseline in the same run:
 * purchase propensity ({@link io.shoplens.predict.propensity}), category classification from item features and
 * from product images ({@link io.shoplens.predict.catalogue}, {@link io.shoplens.predict.image}), daily sales
 * forecasting ({@link io.shoplens.predict.forecast}) and price regression. Tabular learners (logistic regression,
 * XGBoost, an MLP on DJL PyTorch) live in {@link io.shoplens.predict.tabular} and share the
 * {@code Trainer → immutable model} contract of the recommenders: validated parameter records, provenance and
 * atomic model files.
 */
package io.shoplens.predict;
