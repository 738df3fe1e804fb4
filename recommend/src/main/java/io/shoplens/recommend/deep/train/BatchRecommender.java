package io.shoplens.recommend.deep.train;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.model.Recommender;

/**
 * A recommender that can prepare many users at once, one engine call per batch of users instead of one per user.
 */
public interface BatchRecommender extends Recommender {
    /**
     * A view answering {@link #score} and {@link #scoreAll} quickly for {@code users} with their histories in
     * {@code history} (computed now, in batches); other users and other histories are scored by this model as
     * usual. The view is immutable and thread-safe.
     */
    Recommender prepare(InteractionStore history, int[] users);
}
