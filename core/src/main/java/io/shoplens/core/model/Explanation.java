package io.shoplens.core.model;

import java.util.List;

/**
 * Why a model scores an item as it does for a user.
 *
 * @param item     the explained item index
 * @param score    the model's score for the item
 * @param summary  one sentence for people, e.g. "Because you bought X and viewed Y"
 * @param evidence the contributions, largest first
 */
public record Explanation(int item, float score, String summary, List<Evidence> evidence) {
    public Explanation {
        evidence = List.copyOf(evidence);
    }
}
