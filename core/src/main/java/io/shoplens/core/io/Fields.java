package io.shoplens.core.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits one line (a byte range) into fields without copying, and parses fields into numbers and strings with
 * reasons fit for the quarantine. Three layouts: a single-byte delimiter with optional RFC 4180 quoting, a
 * multi-byte delimiter such as MovieLens' {@code ::}, and runs of spaces or tabs.
 *
 * <p>One instance is reused for every line of a file; not thread-safe.
 */
public final class Fields {
    private final byte[] delimiter;
    private final boolean quoted;
    private final boolean whitespace;
    private String[] names;
    private byte[] buf;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] hasQuotes = new boolean[16];
    private int count;

    private Fields(byte[] delimiter, boolean quoted, boolean whitespace, String[] names) {
        this.delimiter = delimiter;
        this.quoted = quoted;
        this.whitespace = whitespace;
        this.names = names;
    }

    /** Fields separated by one byte, e.g. {@code ','} or {@code '\t'}; {@code quoted} enables RFC 4180 quotes. */
    public static Fields delimited(char delimiter, boolean quoted, String... names) {
        return new Fields(new byte[] {(byte) delimiter}, quoted, false, names);
    }

    /** Fields separated by a multi-byte delimiter such as {@code "::"}. */
    public static Fields delimited(String delimiter, String... names) {
        return new Fields(delimiter.getBytes(StandardCharsets.UTF_8), false, false, names);
    }

    /** Fields separated by runs of spaces or tabs; leading and trailing blanks are ignored. */
    public static Fields whitespace(String... names) {
        return new Fields(null, false, true, names);
    }

    /** Splits the line {@code buf[start, end)}; returns the number of fields. */
    public int split(byte[] buf, int start, int end) throws BadRowException {
        this.buf = buf;
        count = 0;
        if (whitespace) {
            splitWhitespace(buf, start, end);
        } else if (delimiter.length == 1 && quoted) {
            splitQuoted(buf, start, end, delimiter[0]);
        } else if (delimiter.length == 1) {
            splitSimple(buf, start, end, delimiter[0]);
        } else {
            splitMulti(buf, start, end);
        }
        return count;
    }

    /** Like {@link #split} but also requires exactly {@code expected} fields. */
    public void splitExactly(byte[] buf, int start, int end, int expected) throws BadRowException {
        int n = split(buf, start, end);
        if (n != expected) {
            throw new BadRowException("expected " + expected + " columns, found " + n);
        }
    }

    private void splitSimple(byte[] b, int start, int end, byte d) {
        int fieldStart = start;
        for (int i = start; i < end; i++) {
            if (b[i] == d) {
                add(fieldStart, i, false);
                fieldStart = i + 1;
            }
        }
        add(fieldStart, end, false);
    }

    private void splitMulti(byte[] b, int start, int end) {
        int fieldStart = start;
        int i = start;
        outer:
        while (i <= end - delimiter.length) {
            for (int j = 0; j < delimiter.length; j++) {
                if (b[i + j] != delimiter[j]) {
                    i++;
                    continue outer;
                }
            }
            add(fieldStart, i, false);
            i += delimiter.length;
            fieldStart = i;
        }
        add(fieldStart, end, false);
    }

    private void splitWhitespace(byte[] b, int start, int end) {
        int i = start;
        while (i < end) {
            while (i < end && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            if (i == end) {
                break;
            }
            int fieldStart = i;
            while (i < end && b[i] != ' ' && b[i] != '\t') {
                i++;
            }
            add(fieldStart, i, false);
        }
    }

    private void splitQuoted(byte[] b, int start, int end, byte d) throws BadRowException {
        int i = start;
        while (true) {
            if (i < end && b[i] == '"') {
                int j = i + 1;
                while (true) {
                    if (j >= end) {
                        throw new BadRowException("unterminated quoted field in column " + (count + 1));
                    }
                    if (b[j] == '"') {
                        if (j + 1 < end && b[j + 1] == '"') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                add(i + 1, j, true);
                i = j + 1;
                if (i == end) {
                    return;
                }
                if (b[i] != d) {
                    throw new BadRowException("unexpected character after closing quote in column " + count);
                }
                i++;
            } else {
                int j = i;
                while (j < end && b[j] != d) {
                    j++;
                }
                add(i, j, false);
                if (j == end) {
                    return;
                }
                i = j + 1;
            }
        }
    }

    private void add(int s, int e, boolean q) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            hasQuotes = Arrays.copyOf(hasQuotes, count * 2);
        }
        starts[count] = s;
        ends[count] = e;
        hasQuotes[count] = q;
        count++;
    }

    /** Names columns as a header does, so that reasons name the column actually read. */
    void names(String... columnNames) {
        names = columnNames.clone();
    }

    /** Number of fields of the last split line. */
    public int count() {
        return count;
    }

    /** Whether field {@code i} is empty or only blanks. */
    public boolean isEmpty(int i) {
        for (int p = starts[i]; p < ends[i]; p++) {
            if (buf[p] != ' ' && buf[p] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Field {@code i} as a trimmed string, with doubled quotes of a quoted field undone. */
    public String string(int i) {
        int s = starts[i];
        int e = ends[i];
        while (s < e && buf[s] == ' ') {
            s++;
        }
        while (e > s && buf[e - 1] == ' ') {
            e--;
        }
        String text = new String(buf, s, e - s, StandardCharsets.UTF_8);
        return hasQuotes[i] ? text.replace("\"\"", "\"") : text;
    }

    /** Field {@code i} as a trimmed string, or null when {@code i} is negative (column absent) or the field empty. */
    public String optionalString(int i) {
        return i >= 0 && !isEmpty(i) ? string(i) : null;
    }

    /**
     * Field {@code i} as a long: optional sign, digits only.
     *
     * @throws BadRowException naming the column and the bad text
     */
    public long parseLong(int i) throws BadRowException {
        int s = starts[i];
        int e = ends[i];
        while (s < e && buf[s] == ' ') {
            s++;
        }
        while (e > s && buf[e - 1] == ' ') {
            e--;
        }
        if (s == e) {
            throw new BadRowException(name(i) + " is empty");
        }
        boolean negative = buf[s] == '-';
        int p = (negative || buf[s] == '+') ? s + 1 : s;
        if (p == e || e - p > 18) {
            throw new BadRowException(name(i) + " '" + text(i) + "' is not an integer");
        }
        long v = 0;
        for (; p < e; p++) {
            int d = buf[p] - '0';
            if (d < 0 || d > 9) {
                throw new BadRowException(name(i) + " '" + text(i) + "' is not an integer");
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /** Field {@code i} as a non-negative id. */
    public long parseId(int i) throws BadRowException {
        long v = parseLong(i);
        if (v < 0) {
            throw new BadRowException(name(i) + " " + v + " is negative");
        }
        return v;
    }

    /** Field {@code i} as a finite double. */
    public double parseDouble(int i) throws BadRowException {
        String t = string(i);
        if (t.isEmpty()) {
            throw new BadRowException(name(i) + " is empty");
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new BadRowException(name(i) + " '" + t + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new BadRowException(name(i) + " '" + t + "' is not a finite number");
        }
        return v;
    }

    /** The raw text of field {@code i} (for messages). */
    public String text(int i) {
        String t = new String(buf, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }

    /** The column's name for messages: its declared name, or "column N". */
    public String name(int i) {
        return i < names.length && !names[i].isEmpty() ? names[i] : "column " + (i + 1);
    }

    /** Field {@code i} as a char sequence view for cheap comparisons (ASCII fields only). */
    public CharSequence ascii(int i) {
        return new AsciiView(buf, starts[i], ends[i]);
    }

    private record AsciiView(byte[] b, int s, int e) implements CharSequence {
        @Override
        public int length() {
            return e - s;
        }

        @Override
        public char charAt(int index) {
            return (char) (b[s + index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new AsciiView(b, s + from, s + to);
        }

        @Override
        public String toString() {
            return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
        }
    }
}
