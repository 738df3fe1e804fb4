package io.shoplens.core.model;

/**
 * One piece of evidence behind a recommendation.
 *
 * @param kind   what sort of evidence: {@code "history-item"} (an item the user interacted with),
 *               {@code "popularity"}, {@code "category"}, {@code "neighbour-user"}, {@code "attention"}...
 * @param item   the item index the evidence is about, or -1
 * @param weight how much this evidence contributes, in the model's own units (larger means more)
 * @param detail a short human-readable phrase, e.g. "bought 2017-11-26"
 */
public record Evidence(String kind, int item, double weight, String detail) {
}
