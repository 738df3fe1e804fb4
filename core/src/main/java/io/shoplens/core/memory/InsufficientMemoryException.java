package io.shoplens.core.memory;

/**
 * A training refused before it started because its {@link MemoryEstimate} does not fit the heap: a setting the
 * user must change (a parameter or {@code -Xmx}), so the CLI prints the one-sentence message and exits with the
 * bad-input code, never a stack trace.
 */
public class InsufficientMemoryException extends RuntimeException {
    public InsufficientMemoryException(String message) {
        super(message);
    }
}
