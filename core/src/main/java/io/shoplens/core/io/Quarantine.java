package io.shoplens.core.io;

import io.shoplens.core.data.DataException;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the rejected rows of one input file: every one is written to {@code <dir>/<file name>.rejected.tsv}
 * (columns {@code file, line, reason, row}, tabs and line breaks in the row escaped) and counted by reason.
 * The file is created on the first rejection, so a clean input leaves no quarantine file. Text that cannot be
 * encoded as UTF-8 (a binary file read as text) is written with '?' in place of the bad characters.
 */
public final class Quarantine implements Closeable {
    /** How many rejected rows are kept in memory as examples for the report. */
    public static final int EXAMPLES = 5;

    private final Path source;
    private final Path target;
    private BufferedWriter out;
    private long count;
    private final Map<String, Long> byReason = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();

    /** A quarantine for rows of {@code source}, written into {@code dir}. */
    public Quarantine(Path source, Path dir) {
        this.source = source;
        this.target = dir.resolve(source.getFileName() + ".rejected.tsv");
    }

    /** Records one rejected row. */
    public void reject(long line, String reason, String row) {
        count++;
        byReason.merge(reasonKind(reason), 1L, Long::sum);
        if (examples.size() < EXAMPLES) {
            examples.add("line " + line + ": " + reason);
        }
        try {
            if (out == null) {
                Files.createDirectories(target.getParent());
                out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(target),
                        StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
                out.write("file\tline\treason\trow\n");
            }
            out.write(source.toString());
            out.write('\t');
            out.write(Long.toString(line));
            out.write('\t');
            out.write(escape(reason));
            out.write('\t');
            out.write(escape(row));
            out.write('\n');
        } catch (IOException e) {
            throw new DataException("cannot write quarantine file " + target + ": " + e.getMessage(), e);
        }
    }

    /** Number of rejected rows. */
    public long count() {
        return count;
    }

    /** Rejected rows per kind of reason (values in the reason replaced by placeholders), sorted by kind. */
    public Map<String, Long> byReason() {
        return Map.copyOf(byReason);
    }

    /** The first few rejections as "line N: reason". */
    public List<String> examples() {
        return List.copyOf(examples);
    }

    /** The quarantine file, or {@code null} when nothing was rejected. */
    public Path file() {
        return count == 0 ? null : target;
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new DataException("cannot close quarantine file " + target + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Groups reasons that differ only in their values: quoted text becomes '…' and free-standing numbers become
     * N (numbers inside dates, names or ranges such as ISO-8601 stay).
     */
    static String reasonKind(String reason) {
        return reason.replaceAll("'[^']*'", "'…'").replaceAll("(?<![\\w:.\\-])-?\\d+(\\.\\d+)?(?![\\w:.\\-])", "N");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
