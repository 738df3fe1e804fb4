package io.shoplens.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.EventSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Shared helpers of the reader tests: a recording sink, file writers and a quarantine file parser. */
final class ReaderFixtures {
    private ReaderFixtures() {
    }

    /** One delivered event with ids in text form; {@code category} is null when the source had none. */
    record Ev(String user, String item, String category, Behavior behavior, long time) {
    }

    /** A sink that records every event in arrival order. */
    static final class RecordingSink implements EventSink {
        final List<Ev> events = new ArrayList<>();

        @Override
        public void event(long user, long item, long category, Behavior behavior, long time) {
            events.add(new Ev(Long.toString(user), Long.toString(item),
                    category == NO_CATEGORY ? null : Long.toString(category), behavior, time));
        }

        @Override
        public void event(String user, String item, String category, Behavior behavior, long time) {
            events.add(new Ev(user, item, category, behavior, time));
        }
    }

    /** One row of a quarantine file. */
    record QRow(String file, long line, String reason, String row) {
    }

    static final String QUARANTINE_HEADER = "file\tline\treason\trow";

    /** Lines joined with {@code eol}, with a final {@code eol} when {@code trailing}. */
    static String lines(List<String> lines, String eol, boolean trailing) {
        return String.join(eol, lines) + (trailing && !lines.isEmpty() ? eol : "");
    }

    static Path write(Path file, String content) {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(String content) {
        return gzip(content.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a quarantine file, after checking its header line. */
    static List<QRow> quarantine(Path file) {
        assertTrue(Files.isRegularFile(file), () -> "quarantine file " + file + " is missing");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(QUARANTINE_HEADER, lines.get(0), "quarantine header");
        List<QRow> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split("\t", -1);
            assertEquals(4, parts.length, () -> "quarantine row '" + line + "' has not 4 columns");
            rows.add(new QRow(parts[0], Long.parseLong(parts[1]), parts[2], parts[3]));
        }
        return rows;
    }

    /** How the quarantine writes a row: backslash, tab and line breaks escaped. */
    static String escaped(String row) {
        return row.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** The invariants every report keeps. */
    static void assertConsistent(LoadReport r) {
        assertEquals(r.rows(), r.accepted() + r.rejected(), () -> "accepted + rejected != rows in " + r);
        assertEquals(r.rejected(), r.rejectedByReason().values().stream().mapToLong(Long::longValue).sum(),
                () -> "rejectedByReason does not add up in " + r);
        assertEquals(Math.min(r.rejected(), Quarantine.EXAMPLES), r.examples().size(), "examples kept");
        assertEquals(r.rejected() == 0, r.quarantineFile() == null, "quarantine file iff rejected rows");
        if (r.quarantineFile() != null) {
            assertEquals(r.rejected(), quarantine(r.quarantineFile()).size(), "rows in the quarantine file");
        }
    }
}
