package io.shoplens.core.io;

/**
 * Signals that one input row is invalid; readers catch it and quarantine the row with {@link #getMessage()} as
 * the reason. Carries no stack trace: it is control flow for bad data, not a program error.
 */
public final class BadRowException extends Exception {
    /** @param reason a short phrase naming the field and the bad value, e.g. "user id 'abc' is not a number" */
    public BadRowException(String reason) {
        super(reason, null, false, false);
    }
}
