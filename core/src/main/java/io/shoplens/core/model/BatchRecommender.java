package io.shoplens.core.model;

import io.shoplens.core.data.InteractionStore;

/**
 * A recommender that can prepare many users at once, one engine call per batch of users instead of one per user
 * (deep sequence models encode a batch of histories in one forward pass). The
 * {@link io.shoplens.core.eval.Evaluator} prepares every user of the part it scores before ranking.
 */
public interface BatchRecommender extends Recommender {
    /**
     * A view answering {@link #score} and {@link #scoreAll} quickly for {@code users} with their histories in
     * {@code history} (computed now, in batches); other users and other histories are scored by this model as
     * usual. The view is immutable and thread-safe.
     */
    Recommender prepare(InteractionStore history, int[] users);
}
