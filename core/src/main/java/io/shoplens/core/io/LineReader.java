package io.shoplens.core.io;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The loop shared by every line-based reader: opens the file, reads the header when the format has one, hands
 * each data row to {@link #parseRow}, quarantines rows that fail, and enforces the bad-row ratio at the end.
 *
 * @param <S> what receives the parsed rows
 */
abstract class LineReader<S> {
    private final String label;
    private final double defaultMaxBadRatio;
    private LoadOptions options;

    LineReader(String label, double defaultMaxBadRatio) {
        this.label = label;
        this.defaultMaxBadRatio = defaultMaxBadRatio;
    }

    LineReader(EventFormat format) {
        this(format.label(), format.defaultMaxBadRatio());
    }

    /** Whether the first line is a header. */
    abstract boolean hasHeader();

    /** Checks the header line and prepares column positions; throws {@link DataException} when it is wrong. */
    void readHeader(LineSource line) {
    }

    /**
     * Parses one data row and, only when the whole row is valid, passes it to the sink.
     *
     * @param ordinal 0-based index of the row among data rows (the time of formats without timestamps)
     */
    abstract void parseRow(LineSource line, S sink, long ordinal) throws BadRowException;

    /** True when the format has no timestamps and row ordinals stand in for time. */
    boolean ordinalTime() {
        return false;
    }

    /** Reads {@code file} into {@code sink}; see {@link EventReader#read}. */
    public final LoadReport read(Path file, S sink, LoadOptions options) {
        this.options = options;
        long t0 = System.nanoTime();
        long rows = 0;
        long accepted = 0;
        try (LineSource src = LineSource.open(file); Quarantine q = new Quarantine(file, options.quarantineDir())) {
            if (hasHeader()) {
                if (!src.next() || src.isBlank()) {
                    throw new DataException("file " + file + " has no header line; the " + label
                            + " format starts with one");
                }
                readHeader(src);
            }
            while (src.next()) {
                rows++;
                if (src.isBlank()) {
                    q.reject(src.lineNumber(), "blank line", "");
                    continue;
                }
                try {
                    parseRow(src, sink, rows - 1);
                    accepted++;
                } catch (BadRowException e) {
                    q.reject(src.lineNumber(), e.getMessage(), src.lineText());
                }
            }
            q.close();
            double max = options.maxBadRatio() != null ? options.maxBadRatio() : defaultMaxBadRatio;
            if (rows == 0) {
                throw new DataException("file " + file + " has no data rows");
            }
            if (accepted == 0) {
                throw new DataException("file " + file + ": none of its " + rows + " rows is valid "
                        + label + " data (first: " + q.examples().get(0) + "); rejected rows are in "
                        + q.file());
            }
            double ratio = (double) q.count() / rows;
            if (ratio > max) {
                throw new DataException(String.format(
                        "file %s: %,d of %,d rows (%.2f%%) were rejected, more than the allowed %.2f%% "
                                + "(first: %s); rejected rows are in %s",
                        file, q.count(), rows, 100 * ratio, 100 * max, q.examples().get(0), q.file()));
            }
            return new LoadReport(file, src.sha256Hex(), label, rows, accepted, q.count(), q.byReason(), q.examples(),
                    q.file(), src.bytesRead(), (System.nanoTime() - t0) / 1e9, ordinalTime());
        }
    }

    /** Checks that {@code epochSecond} lies in the configured range. */
    final long checkTime(long epochSecond) throws BadRowException {
        if (epochSecond < options.minEpochSecond() || epochSecond >= options.maxEpochSecond()) {
            throw new BadRowException("timestamp " + epochSecond + " is out of range ["
                    + Instant.ofEpochSecond(options.minEpochSecond()) + ", "
                    + Instant.ofEpochSecond(options.maxEpochSecond()) + ")");
        }
        return epochSecond;
    }

    /** Parses field {@code i} as a behaviour or fails naming the text. */
    static Behavior behavior(Fields f, int i) throws BadRowException {
        Behavior b = Behavior.parse(f.ascii(i));
        if (b == null) {
            throw new BadRowException("unknown behaviour '" + f.text(i) + "'");
        }
        return b;
    }
}
