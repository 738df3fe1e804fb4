package io.shoplens.core.data;

/**
 * Receives validated behaviour events from a reader, in file order. Ids are the source's external ids: the
 * numeric form is used when a format's ids are integers (fast path, no strings), the text form otherwise.
 * Timestamps are epoch seconds (UTC), or a per-file ordinal when the format has no time (see
 * {@link #ORDINAL_TIME} in the load report).
 */
public interface EventSink {
    /** Category value meaning "the source has no category for this event". */
    long NO_CATEGORY = Long.MIN_VALUE;

    /** Marker documented for formats whose "timestamp" is the row's position in a user's sequence. */
    String ORDINAL_TIME = "ordinal";

    /**
     * One event with numeric external ids; {@code category} may be {@link #NO_CATEGORY}.
     *
     * @param time epoch seconds, or an ordinal for formats without time
     */
    void event(long user, long item, long category, Behavior behavior, long time);

    /** One event with textual external ids; {@code category} may be {@code null}. */
    void event(String user, String item, String category, Behavior behavior, long time);
}
