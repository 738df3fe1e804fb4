package io.shoplens.analytics;

import io.shoplens.core.io.LoadReport;
import java.nio.file.Path;
import java.util.List;

/**
 * The canonical, validated input every engine reads.
 *
 * @param name    a short name for reports (the source events file's name)
 * @param events  Parquet file with columns {@code user_id, item_id, category_id, behavior, ts} (see {@link Query});
 *                for an input {@link EventIngest#load loaded} into DuckDB, the source log it was loaded from
 * @param items   Parquet file with columns {@code item_id, price} (DECIMAL(12,2)), or null without a catalogue;
 *                for a loaded input, the source catalogue
 * @param reports what validation did with each source file, events first: rows read, accepted, rejected by
 *                reason, quarantine file
 * @param seconds wall time of validation and conversion
 */
public record AnalyticsInput(String name, Path events, Path items, List<LoadReport> reports, double seconds) {
    public AnalyticsInput {
        reports = List.copyOf(reports);
    }

    /** Whether a catalogue with prices is registered. */
    public boolean hasItems() {
        return items != null;
    }

    /** Accepted event rows. */
    public long eventRows() {
        return reports.get(0).accepted();
    }

    /** Rejected rows across all source files. */
    public long rejectedRows() {
        return reports.stream().mapToLong(LoadReport::rejected).sum();
    }
}
