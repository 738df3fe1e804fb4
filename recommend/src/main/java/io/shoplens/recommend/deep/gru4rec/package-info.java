/**
 * GRU4Rec, next-item recommendation with a recurrent network over the behaviour sequence (Hidasi et al., ICLR 2016;
 * Hidasi &amp; Karatzoglou, CIKM 2018), with a GRU or an LSTM cell, trained by the shared deep-learning framework
 * with sampled or full softmax cross-entropy, and scored on the Java heap by running the cell over the history.
 */
package io.shoplens.recommend.deep.gru4rec;
