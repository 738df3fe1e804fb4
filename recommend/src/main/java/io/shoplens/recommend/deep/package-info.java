/**
 * Deep recommenders on DJL with the PyTorch engine: the shared training framework ({@code train}), the models built
 * on it (SASRec in {@code sasrec}, Mult-VAE in {@code multvae}, NeuMF in {@code neumf}, GRU4Rec in
 * {@code gru4rec}) and the Java-side inference kernels of the models that score on the heap ({@code infer}).
 */
package io.shoplens.recommend.deep;
