/**
 * Mult-VAE, the variational autoencoder with a multinomial likelihood for collaborative filtering (Dawen Liang,
 * Rahul G. Krishnan, Matthew D. Hoffman and Tony Jebara, WWW 2018), trained by the shared deep-learning framework
 * with input dropout and an annealed KL weight, and scored on the Java heap by folding in the history given at
 * scoring time.
 */
package io.shoplens.recommend.deep.multvae;
