package io.shoplens.serve;

import io.shoplens.core.data.Behavior;

/**
 * One ingested behaviour event as the journal stores it.
 *
 * @param seq      journal sequence number, 1, 2, 3... in append order (0 before it is appended)
 * @param user     external user id, 1-128 characters
 * @param item     external item id of an item in the served catalogue
 * @param behavior what the user did
 * @param time     epoch seconds
 */
public record LiveEvent(long seq, String user, String item, Behavior behavior, long time) {
    /** This event with sequence number {@code n}. */
    public LiveEvent withSeq(long n) {
        return new LiveEvent(n, user, item, behavior, time);
    }
}
