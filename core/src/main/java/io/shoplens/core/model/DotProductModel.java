package io.shoplens.core.model;

import io.shoplens.core.data.UserHistory;

/**
 * A recommender whose score of item {@code i} for a history is a dot product of a user vector and the item's
 * vector plus an optional item bias: {@code s_i = (Σ_c x[c]·y_i[c]) + b_i}, the sum taken in index order starting
 * from 0. Matrix factorisation models and the output layers of the deep sequence models have this form, so one
 * blocked kernel ({@link #scoreTile}) ranks a block of users against millions of items for evaluation, and an
 * approximate nearest-neighbour index over the item vectors can retrieve for serving.
 *
 * <p>Contract: {@link #score}, {@link #scoreAll} and {@link #scoreTile} give bit-identical floats for the same
 * history and item, so an evaluator may take a target's score from one and rank it against the others.
 */
public interface DotProductModel extends Recommender {
    /** Length of the user and item vectors, at least 1. */
    int dimension();

    /** The vector {@code history} is scored with: a fresh array of {@link #dimension()} floats. */
    float[] userVector(UserHistory history);

    /** Copies item {@code item}'s vector into {@code out[0..dimension())}. */
    void itemVector(int item, float[] out);

    /** Item {@code item}'s bias, added after the dot product; 0 for a model without biases. */
    float itemBias(int item);

    /**
     * Scores {@code count} users, given by their vectors {@code users[0..count)}, against the items
     * {@code [from, to)}: {@code out[u][i - from] = s_i} for user {@code u}, as the class comment defines it.
     *
     * @param users vectors of {@link #dimension()} floats, e.g. from {@link #userVector}
     * @param count users to score, at most {@code users.length} and {@code out.length}
     * @param from  first item, at least 0
     * @param to    one past the last item, at most {@link #numItems()}; each {@code out[u]} has room for
     *              {@code to - from} scores
     */
    void scoreTile(float[][] users, int count, int from, int to, float[][] out);
}
