package io.shoplens.core.synth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** A generated events file loaded into parallel arrays, for assertions in tests. */
final class EventLog {
    static final String[] LABELS = {"pv", "cart", "fav", "buy"};

    final int size;
    final int[] user;
    final int[] item;
    final int[] category;
    final byte[] behavior;
    final long[] time;

    private EventLog(int size, int[] user, int[] item, int[] category, byte[] behavior, long[] time) {
        this.size = size;
        this.user = user;
        this.item = item;
        this.category = category;
        this.behavior = behavior;
        this.time = time;
    }

    static EventLog load(Path file) throws IOException {
        byte[] text = decompressedBytes(file);
        int lines = 0;
        for (byte b : text) {
            if (b == '\n') {
                lines++;
            }
        }
        int[] user = new int[lines];
        int[] item = new int[lines];
        int[] category = new int[lines];
        byte[] behavior = new byte[lines];
        long[] time = new long[lines];
        int pos = 0;
        long[] field = new long[1];
        for (int n = 0; n < lines; n++) {
            pos = number(text, pos, field, n);
            user[n] = (int) field[0];
            pos = number(text, pos, field, n);
            item[n] = (int) field[0];
            pos = number(text, pos, field, n);
            category[n] = (int) field[0];
            int labelEnd = pos;
            while (text[labelEnd] != ',') {
                labelEnd++;
            }
            behavior[n] = (byte) label(new String(text, pos, labelEnd - pos, StandardCharsets.US_ASCII));
            pos = number(text, labelEnd + 1, field, n);
            time[n] = field[0];
            if (text[pos - 1] != '\n') {
                throw new IllegalStateException("line " + (n + 1) + " has more than five fields");
            }
        }
        return new EventLog(lines, user, item, category, behavior, time);
    }

    /** Parses digits up to a ',' or newline; returns the position after the separator. */
    private static int number(byte[] text, int pos, long[] out, int line) {
        long v = 0;
        int start = pos;
        while (text[pos] >= '0' && text[pos] <= '9') {
            v = v * 10 + (text[pos] - '0');
            pos++;
        }
        if (pos == start || (text[pos] != ',' && text[pos] != '\n')) {
            throw new IllegalStateException("bad number on line " + (line + 1));
        }
        out[0] = v;
        return pos + 1;
    }

    static List<String[]> loadCsv(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = reader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                rows.add(line.split(",", -1));
            }
        }
        return rows;
    }

    static byte[] decompressedBytes(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(open(file), StandardCharsets.US_ASCII), 1 << 16);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static int label(String s) {
        for (int i = 0; i < LABELS.length; i++) {
            if (LABELS[i].equals(s)) {
                return i;
            }
        }
        throw new IllegalStateException("unknown behaviour " + s);
    }
}
