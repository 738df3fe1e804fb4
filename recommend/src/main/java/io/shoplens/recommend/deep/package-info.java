/**
 * Deep recommenders on DJL with the PyTorch engine: the shared training framework ({@code train}) and the models
 * built on it (SASRec in {@code sasrec}).
 */
package io.shoplens.recommend.deep;
