package io.shoplens.core.io;

import static io.shoplens.core.io.ReaderFixtures.assertConsistent;
import static io.shoplens.core.io.ReaderFixtures.escaped;
import static io.shoplens.core.io.ReaderFixtures.gzip;
import static io.shoplens.core.io.ReaderFixtures.lines;
import static io.shoplens.core.io.ReaderFixtures.quarantine;
import static io.shoplens.core.io.ReaderFixtures.sha256;
import static io.shoplens.core.io.ReaderFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.shoplens.core.data.DataException;
import io.shoplens.core.io.ReaderFixtures.Ev;
import io.shoplens.core.io.ReaderFixtures.QRow;
import io.shoplens.core.io.ReaderFixtures.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour every event reader shares: exact parsing of a valid file, quarantine of each kind of bad row with
 * the good rows around it delivered, gzip transparency, CRLF, missing, empty and corrupt files, and the bad-row
 * ratio. A subclass per format supplies the rows.
 */
abstract class EventReaderContract {
    @TempDir
    Path dir;

    /** A row that must be rejected, with a fragment of the reason (naming the bad value) it must get. */
    record BadRow(String name, String row, String reason) {
    }

    abstract EventFormat format();

    /** The header line, or null for formats without one. */
    abstract String header();

    /** At least four valid data rows. */
    abstract List<String> goodRows();

    /** The event of good row {@code i} when it is data row {@code ordinal} (0-based) of the file. */
    abstract Ev expected(int i, long ordinal);

    /** The kinds of bad row of this format; the first must not be blank. */
    abstract List<BadRow> badRows();

    /** A valid row cut in the middle, as when a download stops mid-row. */
    abstract BadRow truncatedRow();

    LoadOptions options() {
        return LoadOptions.defaults(dir.resolve("quarantine"));
    }

    LoadOptions lenient() {
        return options().withMaxBadRatio(1.0);
    }

    Path quarantineOf(Path file) {
        return dir.resolve("quarantine").resolve(file.getFileName() + ".rejected.tsv");
    }

    /** The file text for these data rows: header (when the format has one) plus rows. */
    String content(List<String> rows, String eol, boolean trailing) {
        List<String> all = new ArrayList<>();
        if (header() != null) {
            all.add(header());
        }
        all.addAll(rows);
        return lines(all, eol, trailing);
    }

    String content(List<String> rows) {
        return content(rows, "\n", true);
    }

    int headerLines() {
        return header() == null ? 0 : 1;
    }

    List<Ev> expectedInOrder() {
        List<Ev> out = new ArrayList<>();
        for (int i = 0; i < goodRows().size(); i++) {
            out.add(expected(i, i));
        }
        return out;
    }

    LoadReport read(Path file, RecordingSink sink, LoadOptions options) {
        return format().reader().read(file, sink, options);
    }

    @Test
    void validFileYieldsExactlyTheExpectedEvents() {
        String text = content(goodRows());
        Path file = write(dir.resolve("events.txt"), text);
        RecordingSink sink = new RecordingSink();
        LoadReport r = read(file, sink, options());
        assertEquals(expectedInOrder(), sink.events);
        assertEquals(goodRows().size(), r.rows());
        assertEquals(goodRows().size(), r.accepted());
        assertEquals(0, r.rejected());
        assertTrue(r.rejectedByReason().isEmpty());
        assertNull(r.quarantineFile());
        assertFalse(Files.exists(quarantineOf(file)), "a clean file leaves no quarantine file");
        assertEquals(file, r.file());
        assertEquals(format().label(), r.format());
        assertEquals(sha256(text.getBytes(StandardCharsets.UTF_8)), r.sha256());
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, r.bytes());
        assertEquals(format() == EventFormat.SASREC, r.ordinalTime());
        assertEquals(0.0, r.rejectedRatio());
        assertConsistent(r);
    }

    @TestFactory
    Stream<DynamicTest> eachKindOfBadRowIsQuarantinedAndTheRowsAroundItDelivered() {
        List<BadRow> cases = new ArrayList<>(badRows());
        cases.add(new BadRow("empty line", "", "blank line"));
        cases.add(new BadRow("line of blanks", " \t  ", "blank line"));
        List<DynamicTest> tests = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            BadRow c = cases.get(k);
            String name = "bad-" + k + ".txt";
            tests.add(dynamicTest(c.name() + ": " + c.row(), () -> checkOneBadRow(c, name)));
        }
        return tests.stream();
    }

    private void checkOneBadRow(BadRow c, String name) {
        List<String> good = goodRows();
        List<String> rows = new ArrayList<>(good.subList(0, 2));
        rows.add(c.row());
        rows.addAll(good.subList(2, good.size()));
        Path file = write(dir.resolve(name), content(rows));
        RecordingSink sink = new RecordingSink();
        LoadReport r = read(file, sink, lenient());

        List<Ev> expected = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            expected.add(expected(i, i < 2 ? i : i + 1));
        }
        assertEquals(expected, sink.events, "good rows around the bad one");
        assertEquals(good.size() + 1, r.rows());
        assertEquals(good.size(), r.accepted());
        assertEquals(1, r.rejected());
        assertConsistent(r);
        assertOnlyRejection(r, file, headerLines() + 3, c);
    }

    /** Checks that {@code c} is the only rejected row, at {@code line}, in report and quarantine file. */
    void assertOnlyRejection(LoadReport r, Path file, long line, BadRow c) {
        assertEquals(quarantineOf(file), r.quarantineFile());
        List<QRow> q = quarantine(r.quarantineFile());
        assertEquals(1, q.size());
        QRow row = q.get(0);
        assertEquals(file.toString(), row.file());
        assertEquals(line, row.line(), "1-based line number of the bad row");
        assertTrue(row.reason().contains(c.reason()),
                () -> "reason '" + row.reason() + "' does not contain '" + c.reason() + "'");
        assertEquals(c.row().isBlank() ? "" : escaped(c.row()), row.row());
        assertEquals(Map.of(Quarantine.reasonKind(row.reason()), 1L), r.rejectedByReason());
        assertEquals(List.of("line " + line + ": " + row.reason()), r.examples());
    }

    @Test
    void allKindsOfBadRowsTogetherAreEachQuarantinedOnTheirLine() {
        List<String> good = goodRows();
        List<BadRow> bad = badRows();
        List<String> rows = new ArrayList<>();
        List<Ev> expected = new ArrayList<>();
        List<Long> badLines = new ArrayList<>();
        int g = 0;
        for (int b = 0; b < bad.size(); b++) {
            rows.add(bad.get(b).row());
            badLines.add((long) headerLines() + rows.size());
            String goodRow = good.get(g % good.size());
            expected.add(expected(g % good.size(), rows.size()));
            rows.add(goodRow);
            g++;
        }
        Path file = write(dir.resolve("mixed.txt"), content(rows));
        RecordingSink sink = new RecordingSink();
        LoadReport r = read(file, sink, lenient());
        assertEquals(expected, sink.events);
        assertEquals(rows.size(), r.rows());
        assertEquals(bad.size(), r.rejected());
        assertEquals(bad.size(), r.accepted());
        assertConsistent(r);
        List<QRow> q = quarantine(r.quarantineFile());
        for (int b = 0; b < bad.size(); b++) {
            QRow row = q.get(b);
            BadRow c = bad.get(b);
            assertEquals(badLines.get(b), row.line(), c.name());
            assertEquals(file.toString(), row.file());
            assertTrue(row.reason().contains(c.reason()),
                    () -> "reason '" + row.reason() + "' does not contain '" + c.reason() + "'");
            assertEquals(escaped(c.row()), row.row());
        }
    }

    @Test
    void truncatedLastLineWithoutNewlineIsQuarantined() {
        BadRow cut = truncatedRow();
        List<String> rows = new ArrayList<>(goodRows());
        rows.add(cut.row());
        Path file = write(dir.resolve("cut.txt"), content(rows, "\n", false));
        RecordingSink sink = new RecordingSink();
        LoadReport r = read(file, sink, lenient());
        assertEquals(expectedInOrder(), sink.events);
        assertEquals(goodRows().size() + 1, r.rows());
        assertEquals(1, r.rejected());
        assertConsistent(r);
        assertOnlyRejection(r, file, headerLines() + rows.size(), cut);
    }

    @Test
    void crlfLineEndingsGiveTheSameEvents() {
        Path file = write(dir.resolve("crlf.txt"), content(goodRows(), "\r\n", true));
        RecordingSink sink = new RecordingSink();
        LoadReport r = read(file, sink, options());
        assertEquals(expectedInOrder(), sink.events);
        assertEquals(0, r.rejected());
    }

    @Test
    void crlfBadRowIsQuarantinedWithoutTheCarriageReturn() {
        BadRow bad = badRows().get(0);
        List<String> rows = new ArrayList<>(goodRows());
        rows.add(bad.row());
        Path file = write(dir.resolve("crlf-bad.txt"), content(rows, "\r\n", true));
        LoadReport r = read(file, new RecordingSink(), lenient());
        assertOnlyRejection(r, file, headerLines() + rows.size(), bad);
    }

    @Test
    void gzipIsReadTransparentlyAndDetectedByMagicBytes() {
        String text = content(goodRows());
        byte[] gz = gzip(text);
        for (String name : List.of("events.txt.gz", "events-without-extension.dat")) {
            Path file = write(dir.resolve(name), gz);
            RecordingSink sink = new RecordingSink();
            LoadReport r = read(file, sink, options());
            assertEquals(expectedInOrder(), sink.events, name);
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, r.bytes(), "uncompressed bytes of " + name);
            assertEquals(sha256(gz), r.sha256(), "hash of the stored (compressed) bytes of " + name);
        }
    }

    @Test
    void plainFileNamedGzIsReadAsPlainText() {
        Path file = write(dir.resolve("not-really.csv.gz"), content(goodRows()));
        RecordingSink sink = new RecordingSink();
        read(file, sink, options());
        assertEquals(expectedInOrder(), sink.events);
    }

    @Test
    void gzipBadRowsAreQuarantinedOnTheSameLinesAsPlain() {
        BadRow bad = badRows().get(0);
        List<String> rows = new ArrayList<>(goodRows());
        rows.add(1, bad.row());
        Path file = write(dir.resolve("bad.gz"), gzip(content(rows)));
        RecordingSink sink = new RecordingSink();
        LoadReport r = read(file, sink, lenient());
        assertEquals(goodRows().size(), sink.events.size());
        assertOnlyRejection(r, file, headerLines() + 2, bad);
    }

    /** Many good rows, so that the compressed stream spans well past its header. */
    private String bigContent() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.addAll(goodRows());
        }
        return content(rows);
    }

    @Test
    void truncatedGzipFailsNamingTheFile() {
        byte[] gz = gzip(bigContent());
        Path file = write(dir.resolve("truncated.gz"), Arrays.copyOf(gz, gz.length / 2));
        DataException e = assertThrows(DataException.class, () -> read(file, new RecordingSink(), lenient()));
        assertTrue(e.getMessage().contains("corrupt gzip"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void gzipWithFlippedBytesFailsNamingTheFile() {
        byte[] gz = gzip(bigContent());
        for (int i = gz.length / 2; i < gz.length / 2 + 16; i++) {
            gz[i] ^= (byte) 0x5a;
        }
        Path file = write(dir.resolve("flipped.gz"), gz);
        DataException e = assertThrows(DataException.class, () -> read(file, new RecordingSink(), lenient()));
        assertTrue(e.getMessage().contains("corrupt gzip"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void emptyFileFailsNamingTheFile() {
        Path file = write(dir.resolve("empty.txt"), new byte[0]);
        DataException e = assertThrows(DataException.class, () -> read(file, new RecordingSink(), options()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void missingFileFailsNamingTheFile() {
        Path file = dir.resolve("no-such-file.txt");
        DataException e = assertThrows(DataException.class, () -> read(file, new RecordingSink(), options()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void fileAboveTheDefaultBadRowRatioFailsAndLoadsWithRatioOne() {
        List<String> good = goodRows();
        int n = good.size();
        int k = 1;
        while ((double) k / (n + k) <= format().defaultMaxBadRatio()) {
            k++;
        }
        List<String> rows = new ArrayList<>(good);
        rows.addAll(Collections.nCopies(k, badRows().get(0).row()));
        Path file = write(dir.resolve("too-bad.txt"), content(rows));

        DataException e = assertThrows(DataException.class, () -> read(file, new RecordingSink(), options()));
        String msg = e.getMessage();
        assertTrue(msg.contains(k + " of " + (n + k) + " rows"), msg);
        assertTrue(msg.contains(quarantineOf(file).toString()), msg);
        assertTrue(msg.contains(file.toString()), msg);
        assertEquals(k, quarantine(quarantineOf(file)).size(), "rejected rows are in the quarantine on failure");

        RecordingSink sink = new RecordingSink();
        LoadReport r = read(file, sink, options().withMaxBadRatio(1.0));
        assertEquals(expectedInOrder(), sink.events);
        assertEquals(n, r.accepted());
        assertEquals(k, r.rejected());
        assertEquals((double) k / (n + k), r.rejectedRatio(), 1e-12);
        assertConsistent(r);
    }

    @Test
    void ratioExactlyAtTheLimitPassesAndJustAboveFails() {
        List<String> rows = new ArrayList<>(goodRows().subList(0, 3));
        rows.add(badRows().get(0).row());
        Path file = write(dir.resolve("quarter.txt"), content(rows));
        LoadOptions atLimit = new LoadOptions(dir.resolve("quarantine"), 0.25, LoadOptions.DEFAULT_MIN_TIME,
                LoadOptions.DEFAULT_MAX_TIME);
        LoadReport r = read(file, new RecordingSink(), atLimit);
        assertEquals(3, r.accepted());
        assertEquals(1, r.rejected());
        DataException e = assertThrows(DataException.class,
                () -> read(file, new RecordingSink(), atLimit.withMaxBadRatio(0.24)));
        assertTrue(e.getMessage().contains("1 of 4 rows"), e.getMessage());
    }

    @Test
    void fileWithoutAnyValidRowFailsEvenWithRatioOne() {
        List<String> rows = new ArrayList<>();
        for (BadRow b : badRows()) {
            rows.add(b.row());
        }
        Path file = write(dir.resolve("all-bad.txt"), content(rows));
        DataException e = assertThrows(DataException.class, () -> read(file, new RecordingSink(), lenient()));
        String msg = e.getMessage();
        assertTrue(msg.contains("none of its " + rows.size() + " rows is valid"), msg);
        assertTrue(msg.contains(file.toString()), msg);
        assertTrue(msg.contains(quarantineOf(file).toString()), msg);
        assertEquals(rows.size(), quarantine(quarantineOf(file)).size());
    }

    @Test
    void fileOfOnlyBlankLinesHasNoValidRow() {
        Path file = write(dir.resolve("blank.txt"), content(List.of("", "  ", "")));
        DataException e = assertThrows(DataException.class, () -> read(file, new RecordingSink(), lenient()));
        assertTrue(e.getMessage().contains("none of its 3 rows is valid"), e.getMessage());
    }

    @Test
    void quarantineDirectoryIsCreatedOnTheFirstRejection() {
        List<String> rows = new ArrayList<>(goodRows());
        rows.add(badRows().get(0).row());
        Path file = write(dir.resolve("events.txt"), content(rows));
        Path nested = dir.resolve("out").resolve("rejects");
        LoadReport r = format().reader().read(file, new RecordingSink(),
                LoadOptions.defaults(nested).withMaxBadRatio(1.0));
        assertEquals(nested.resolve("events.txt.rejected.tsv"), r.quarantineFile());
        assertEquals(1, quarantine(r.quarantineFile()).size());
    }
}
