package io.shoplens.core.model;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.split.Split;

/**
 * What a trainer learns from.
 *
 * @param events      the training events (for a split: its train part)
 * @param catalog     item attributes, possibly empty
 * @param fingerprint identifies the data for provenance, e.g. the source's SHA-256 plus the split's name
 * @param validation  the split and protocol whose validation part an iterative trainer may watch for early
 *                    stopping (never the test part), or null when there is none
 * @param progress    hears how far the training's long steps have come (never null)
 */
public record TrainingData(InteractionStore events, ItemCatalog catalog, String fingerprint, Validation validation,
                           ProgressListener progress) {
    public TrainingData {
        if (progress == null) {
            progress = ProgressListener.NONE;
        }
    }

    /** Training data with a validation part and no progress listener. */
    public TrainingData(InteractionStore events, ItemCatalog catalog, String fingerprint, Validation validation) {
        this(events, catalog, fingerprint, validation, ProgressListener.NONE);
    }

    /** Training data without a validation part. */
    public TrainingData(InteractionStore events, ItemCatalog catalog, String fingerprint) {
        this(events, catalog, fingerprint, null, ProgressListener.NONE);
    }

    /** The same data with {@code listener} hearing the progress. */
    public TrainingData withProgress(ProgressListener listener) {
        return new TrainingData(events, catalog, fingerprint, validation, listener);
    }

    /** The same data with other events (e.g. pruned), everything else kept. */
    public TrainingData withEvents(InteractionStore other) {
        return new TrainingData(other, catalog, fingerprint, validation, progress);
    }

    /**
     * The validation part a trainer may use: {@code split.validation()} scored with {@code split.train()} as
     * history under {@code protocol}. {@code split.train()} must be the training events.
     *
     * @param split    the split the training events come from
     * @param protocol how validation targets are ranked
     */
    public record Validation(Split split, Protocol protocol) {
    }
}
