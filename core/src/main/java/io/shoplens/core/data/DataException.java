package io.shoplens.core.data;

/**
 * A data problem the user must fix: a missing or empty file, a corrupt stream, too many rejected rows, a bad
 * value. The message is one sentence that names the file, the line where known, and the reason; the CLI prints
 * it as is, without a stack trace.
 */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
