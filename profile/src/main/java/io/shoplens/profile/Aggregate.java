package io.shoplens.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One aggregate table of the profile report (users per segment, tag, lifecycle stage, RFM segment, price band or
 * favourite category) after small-cell suppression.
 *
 * @param name        table name, e.g. {@code tags}
 * @param description what a row counts
 * @param valueNames  names of the values each row carries beside its user count
 * @param rows        the rows, in report order
 * @param suppressed  how many rows were suppressed (fewer than k users)
 */
public record Aggregate(String name, String description, List<String> valueNames, List<Row> rows, int suppressed) {
    /**
     * One cell.
     *
     * @param label  what the row is about (segment number, tag name, ...)
     * @param users  users in the cell, or null when suppressed
     * @param share  users / all profiled users, or null when suppressed
     * @param values one value per {@link #valueNames()} (null when suppressed or undefined)
     */
    public record Row(String label, Long users, Double share, List<Double> values) {
        public Row {
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }

        /** Whether the cell was suppressed. */
        public boolean suppressed() {
            return users == null;
        }
    }

    public Aggregate {
        valueNames = List.copyOf(valueNames);
        rows = List.copyOf(rows);
    }

    /**
     * The aggregate of raw rows ({@code label, users, values...}) with cells of fewer than {@code cells.k()} users
     * suppressed; {@code total} is the number of profiled users.
     */
    public static Aggregate of(String name, String description, List<String> valueNames, List<List<Object>> raw,
            long total, SmallCells cells) {
        List<Row> rows = new ArrayList<>();
        int suppressed = 0;
        for (List<Object> r : raw) {
            String label = r.get(0) == null ? "(none)" : r.get(0).toString();
            long users = ((Number) r.get(1)).longValue();
            List<Double> values = new ArrayList<>();
            boolean hide = cells.suppress(users);
            for (int i = 2; i < r.size(); i++) {
                values.add(hide || r.get(i) == null ? null : ((Number) r.get(i)).doubleValue());
            }
            if (hide) {
                suppressed++;
                rows.add(new Row(label, null, null, values));
            } else {
                rows.add(new Row(label, users, total == 0 ? 0.0 : (double) users / total, values));
            }
        }
        return new Aggregate(name, description, valueNames, rows, suppressed);
    }
}
