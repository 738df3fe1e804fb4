/**
 * SASRec, self-attentive sequential recommendation (Wang-Cheng Kang and Julian McAuley, ICDM 2018), with its own
 * causal masked multi-head self-attention, trained by the shared deep-learning framework with the paper's sampled
 * binary cross-entropy or with full softmax cross-entropy over all items.
 */
package io.shoplens.recommend.deep.sasrec;
