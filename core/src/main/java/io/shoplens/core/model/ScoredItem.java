package io.shoplens.core.model;

/**
 * An item index with the model's score for it (higher is better; the scale is the model's own).
 *
 * @param item  dense item index
 * @param score the model's score
 */
public record ScoredItem(int item, float score) {
}
