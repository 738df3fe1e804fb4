package io.shoplens.analytics;

/**
 * Runs the {@link Query} report on some SQL engine. An engine is opened on one {@link AnalyticsInput} (it
 * registers the canonical {@code events} and {@code items} tables and the views of {@link Query#views}), then
 * answers queries; results are engine-independent {@link ResultTable}s, so two engines on the same input give
 * equal tables. Not thread-safe: one query at a time.
 */
public interface AnalyticsEngine extends AutoCloseable {
    /** Short engine name for reports, e.g. {@code duckdb}. */
    String name();

    /** The SQL dialect the engine speaks. */
    Dialect dialect();

    /** Runs one query of the report. */
    ResultTable run(Query query);

    /** Releases the engine's resources (connections, sessions); the engine cannot be used afterwards. */
    @Override
    void close();
}
