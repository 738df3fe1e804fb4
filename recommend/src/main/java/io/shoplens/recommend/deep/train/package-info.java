/**
 * The training framework shared by the deep recommenders, on DJL with the PyTorch engine.
 *
 * <p>A model supplies a {@link io.shoplens.recommend.deep.train.TrainingTask} (its examples, initial tensors,
 * batch loss and a snapshot model for validation) and reads its shared settings with
 * {@link io.shoplens.recommend.deep.train.TrainingParams#from}. The
 * {@link io.shoplens.recommend.deep.train.Fitter} runs shuffled mini-batches, Adam with a learning-rate schedule,
 * early stopping on the validation part of the split (core's Evaluator under the split's protocol), atomic
 * checkpoints and exact resumption, on the GPU when the engine sees one and on the CPU otherwise. Trained weights
 * come back as heap {@link io.shoplens.recommend.deep.train.Weights}, which models save through ModelFiles and
 * load into {@link io.shoplens.recommend.deep.train.NativeWeights} for batched scoring;
 * models that encode users on the engine implement core's {@link io.shoplens.core.model.BatchRecommender}, so
 * that validation and evaluation prepare many users per engine call.
 * Negative sampling: {@link io.shoplens.recommend.deep.train.ItemSampler}; batching and sequence padding:
 * {@link io.shoplens.recommend.deep.train.Minibatches}.
 */
package io.shoplens.recommend.deep.train;
