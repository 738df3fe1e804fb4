/**
 * Java-side inference kernels shared by the deep recommenders whose scoring runs on the heap rather than on the
 * engine (Mult-VAE, NeuMF, GRU4Rec): the filtering of a scoring-time history to the items a model knows (the dense
 * kernels are {@link io.shoplens.recommend.common.Dense}). Scoring on the heap needs no native calls, so
 * the models are plain immutable objects that any number of evaluation threads can share.
 */
package io.shoplens.recommend.deep.infer;
