package io.shoplens.core.io;

import static io.shoplens.core.io.ReaderFixtures.gzip;
import static io.shoplens.core.io.ReaderFixtures.sha256;
import static io.shoplens.core.io.ReaderFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.DataException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineSourceTest {
    @TempDir
    Path dir;

    private record Line(long number, String text, boolean blank) {
    }

    private static List<Line> readAll(Path file) {
        List<Line> out = new ArrayList<>();
        try (LineSource src = LineSource.open(file)) {
            while (src.next()) {
                out.add(new Line(src.lineNumber(), src.lineText(), src.isBlank()));
            }
        }
        return out;
    }

    @Test
    void splitsOnLfAndCrlfAndKeepsALastLineWithoutNewline() {
        Path file = write(dir.resolve("a.txt"), "first\r\nsecond\n\n \t\r\nlast");
        assertEquals(List.of(
                new Line(1, "first", false),
                new Line(2, "second", false),
                new Line(3, "", true),
                new Line(4, " \t", true),
                new Line(5, "last", false)), readAll(file));
    }

    @Test
    void trailingNewlineAddsNoLine() {
        assertEquals(2, readAll(write(dir.resolve("a.txt"), "a\nb\n")).size());
        assertEquals(2, readAll(write(dir.resolve("b.txt"), "a\r\nb\r\n")).size());
    }

    @Test
    void lineRangeIsAViewOfTheBuffer() {
        Path file = write(dir.resolve("a.txt"), "xy,z\n");
        try (LineSource src = LineSource.open(file)) {
            assertTrue(src.next());
            assertEquals("xy,z", new String(src.buffer(), src.start(), src.end() - src.start(),
                    StandardCharsets.UTF_8));
            assertEquals(file, src.file());
            assertFalse(src.next());
            assertFalse(src.next());
        }
    }

    @Test
    void linesLongerThanTheBufferAreWhole() {
        String longLine = "x".repeat(3 * (1 << 20) + 17);
        Path file = write(dir.resolve("long.txt"), "a\n" + longLine + "\nb");
        List<Line> lines = readAll(file);
        assertEquals(3, lines.size());
        assertEquals(longLine, lines.get(1).text());
        assertEquals("b", lines.get(2).text());
    }

    @Test
    void gzipIsDetectedByContentNotName() {
        String text = "one\ntwo\n";
        Path gzNoExt = write(dir.resolve("data.bin"), gzip(text));
        Path plainGzName = write(dir.resolve("data.gz"), text);
        try (LineSource a = LineSource.open(gzNoExt); LineSource b = LineSource.open(plainGzName)) {
            assertTrue(a.isGzip());
            assertFalse(b.isGzip());
        }
        assertEquals(readAll(plainGzName), readAll(gzNoExt));
    }

    @Test
    void aParquetFileIsRefusedByNameNotReadAsText() {
        Path file = write(dir.resolve("events.parquet"), new byte[] {'P', 'A', 'R', '1', 0, 1, 2, 'P', 'A', 'R', '1'});
        DataException e = assertThrows(DataException.class, () -> LineSource.open(file));
        assertEquals("file " + file + " is a Parquet file; this command reads delimited text (CSV or TSV, "
                + "optionally gzip-compressed), e.g. the .csv.gz that 'shoplens generate' writes beside the .parquet",
                e.getMessage());
    }

    @Test
    void concatenatedGzipMembersReadAsOneStream() {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(gzip("a\nb\n"));
        both.writeBytes(gzip("c\n"));
        Path file = write(dir.resolve("multi.gz"), both.toByteArray());
        assertEquals(List.of("a", "b", "c"), readAll(file).stream().map(Line::text).toList());
    }

    @Test
    void reportsUncompressedBytesAndHashOfStoredBytes() {
        String text = "alpha\nbeta\ngamma\n";
        byte[] gz = gzip(text);
        Path file = write(dir.resolve("g.gz"), gz);
        try (LineSource src = LineSource.open(file)) {
            while (src.next()) {
                assertTrue(src.lineNumber() > 0);
            }
            assertEquals(text.length(), src.bytesRead());
            assertEquals(sha256(gz), src.sha256Hex());
        }
    }

    @Test
    void missingEmptyAndDirectoryFailWithTheFileName() {
        Path missing = dir.resolve("nope.csv");
        DataException e1 = assertThrows(DataException.class, () -> LineSource.open(missing));
        assertEquals("file " + missing + " does not exist", e1.getMessage());
        Path empty = write(dir.resolve("empty.csv"), new byte[0]);
        DataException e2 = assertThrows(DataException.class, () -> LineSource.open(empty));
        assertEquals("file " + empty + " is empty", e2.getMessage());
        DataException e3 = assertThrows(DataException.class, () -> LineSource.open(dir));
        assertTrue(e3.getMessage().contains("is a directory"), e3.getMessage());
    }

    @Test
    void corruptGzipNamesTheLastLineRead() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            sb.append(i).append(',').append(i * 31 % 977).append('\n');
        }
        byte[] gz = gzip(sb.toString());
        Path file = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length * 3 / 4));
        long lastLine = 0;
        DataException e = null;
        try (LineSource src = LineSource.open(file)) {
            while (src.next()) {
                lastLine = src.lineNumber();
            }
        } catch (DataException caught) {
            e = caught;
        }
        assertTrue(e != null, "a truncated gzip stream must fail");
        assertTrue(lastLine > 0, "lines before the damage are read");
        assertTrue(e.getMessage().contains("corrupt gzip stream after line " + lastLine), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void gzipCutInsideItsHeaderFailsAsCorruptGzip() {
        byte[] gz = gzip("a\nb\n");
        for (int len : new int[] {2, 5, 10}) {
            Path file = write(dir.resolve("head-" + len + ".gz"), Arrays.copyOf(gz, len));
            DataException e = assertThrows(DataException.class, () -> readAll(file));
            assertTrue(e.getMessage().contains("corrupt gzip"), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }
}
