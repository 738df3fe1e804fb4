/**
 * Matrix factorisation recommenders behind the core {@code Trainer → Recommender} contract.
 *
 * <ul>
 *   <li>{@link io.shoplens.recommend.mf.FactorModel}: the shared immutable base: user and item factor tables,
 *       optional item biases, dot-product scoring, {@code similarItems} by cosine, and saving of the tables.</li>
 *   <li>{@link io.shoplens.recommend.mf.IalsTrainer} / {@link io.shoplens.recommend.mf.IalsModel}: implicit
 *       alternating least squares (Hu, Koren &amp; Volinsky, ICDM 2008) with a conjugate-gradient or Cholesky
 *       solve, multithreaded and deterministic; histories are folded in exactly at scoring time and
 *       explanations are the exact per-history-item decomposition of the score.</li>
 *   <li>{@link io.shoplens.recommend.mf.BprTrainer} / {@link io.shoplens.recommend.mf.BprModel}: BPR-MF (Rendle
 *       et al., UAI 2009) trained by sequential, seeded SGD.</li>
 * </ul>
 *
 * <p>Defaults were tuned on the validation part of the SASRec "Games" data (Amazon Video Games, 31,013 users,
 * 23,715 items) under leave-one-out; see {@link io.shoplens.recommend.mf.IalsParams#defaults()} and
 * {@link io.shoplens.recommend.mf.BprParams#defaults()}. Measured with {@code ./shoplens tune --data
 * ../shared/data/sasrec/Video.txt --format sasrec --model ials --grid halfLifeEvents=0,2,5} (loo-sampled-99,
 * validation NDCG@10): 0.5309 without positional recency, 0.5471 at a half-life of 2 events, 0.5423 at 5; iALS
 * therefore folds the history in with the newest items weighted most.
 */
package io.shoplens.recommend.mf;
