/**
 * What the trained deep recommenders share at inference time: the filtering of a scoring-time history to the
 * items a model knows ({@link io.shoplens.recommend.deep.infer.Histories}) and the saved form of a model that its
 * item count, item cap, weights and parameters describe
 * ({@link io.shoplens.recommend.deep.infer.ItemWeightsFile}). The dense kernels of the models that score on the Java
 * heap (Mult-VAE, NeuMF, GRU4Rec) are {@link io.shoplens.recommend.common.Dense}; scoring on the heap needs no native calls, so those models are plain
 * immutable objects that any number of evaluation threads can share.
 */
package io.shoplens.recommend.deep.infer;
