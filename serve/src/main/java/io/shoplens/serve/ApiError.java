package io.shoplens.serve;

/**
 * A request the service refuses, with the HTTP status to answer, the request field at fault (or null) and one
 * sentence for the caller. Rendered as {@code {"error": ..., "field": ..., "status": ...}}; never carries a stack
 * trace to the client.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String field;

    /**
     * @param status  HTTP status, 400..599
     * @param field   the request field at fault (query parameter, path parameter or JSON path), or null
     * @param message one sentence naming the bad value
     */
    public ApiError(int status, String field, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an API error needs a status in 400..599, got " + status);
        }
        this.status = status;
        this.field = field;
    }

    /** 400 for a bad field. */
    public static ApiError badField(String field, String message) {
        return new ApiError(400, field, message);
    }

    /** 404 for an unknown user or item. */
    public static ApiError notFound(String field, String message) {
        return new ApiError(404, field, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The field at fault, or null. */
    public String field() {
        return field;
    }
}
