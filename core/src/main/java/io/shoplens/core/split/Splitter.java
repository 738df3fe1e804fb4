package io.shoplens.core.split;

import io.shoplens.core.data.InteractionStore;

/** Cuts a store into train, validation and test parts; deterministic for a given configuration. */
public interface Splitter {
    /** The split of {@code all}. */
    Split split(InteractionStore all);

    /** A short description with every setting, e.g. "leave-one-out (min 3 events)". */
    String describe();
}
