package io.shoplens.core.split;

import io.shoplens.core.data.InteractionStore;

/**
 * A data set cut for evaluation. Models train on {@code train}; validation targets are scored with the
 * {@code train} history, test targets with the {@code trainAndValidation} history (so a sequence model sees the
 * validation item before predicting the test item, as in SASRec). All stores share the full store's id space.
 *
 * @param name               how the split was made, e.g. "leave-one-out"
 * @param all                every event (used to keep sampled negatives away from anything the user touched)
 * @param train              training events
 * @param validation         validation targets (tune here, never on test)
 * @param trainAndValidation training plus validation events: the history when scoring test targets
 * @param test               test targets
 */
public record Split(String name, InteractionStore all, InteractionStore train, Holdout validation,
                    InteractionStore trainAndValidation, Holdout test) {
}
