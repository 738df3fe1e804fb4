/**
 * NeuMF, neural matrix factorisation (Xiangnan He, Lizi Liao, Hanwang Zhang, Liqiang Nie, Xia Hu and Tat-Seng
 * Chua, "Neural Collaborative Filtering", WWW 2017): a GMF tower and an MLP tower on separate embeddings fused in
 * one logistic output, trained by the shared deep-learning framework with binary cross-entropy against sampled
 * negatives, and scored on the Java heap.
 */
package io.shoplens.recommend.deep.neumf;
