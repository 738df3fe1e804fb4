package io.shoplens.core.model;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.ItemCatalog;

/**
 * What a trainer learns from.
 *
 * @param events      the training events (for a split: its train part)
 * @param catalog     item attributes, possibly empty
 * @param fingerprint identifies the data for provenance, e.g. the source's SHA-256 plus the split's name
 */
public record TrainingData(InteractionStore events, ItemCatalog catalog, String fingerprint) {
}
