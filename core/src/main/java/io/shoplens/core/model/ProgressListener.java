package io.shoplens.core.model;

/**
 * Hears how far a long step of a training has come, so that a command can show a bar or a line with the time left.
 * Called from training threads: implementations must be thread-safe and cheap (trainers call it at most a few
 * hundred times a step).
 */
@FunctionalInterface
public interface ProgressListener {
    /** Hears nothing. */
    ProgressListener NONE = (step, done, total) -> { };

    /**
     * @param step  what is running, e.g. {@code "ials iteration 3/10"}; a new step starts when this changes
     * @param done  units done in this step, 0..total
     * @param total units in this step, at least 1
     */
    void progress(String step, long done, long total);
}
