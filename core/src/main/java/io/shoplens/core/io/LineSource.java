package io.shoplens.core.io;

import io.shoplens.core.data.DataException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Streams the lines of a plain or gzip-compressed text file as byte ranges of a reusable buffer, without
 * creating a string per line. Gzip is detected from the file's magic bytes, not its name. Line ends
 * {@code \n} and {@code \r\n} are stripped; line numbers start at 1.
 *
 * <p>I/O failures, including a corrupt or truncated gzip stream, become a {@link DataException} naming the
 * file and the last line read.
 */
public final class LineSource implements Closeable {
    private static final int INITIAL_BUFFER = 1 << 20;
    /** The first four bytes of every Parquet file. */
    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

    private final Path file;
    private final InputStream in;
    private final boolean gzip;
    private final MessageDigest digest;
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNumber;
    private int lineStart;
    private int lineEnd;
    private long bytesRead;

    private LineSource(Path file, InputStream in, boolean gzip, MessageDigest digest) {
        this.file = file;
        this.in = in;
        this.gzip = gzip;
        this.digest = digest;
    }

    /**
     * Opens {@code file}; fails with a one-sentence {@link DataException} when it is missing, a directory,
     * unreadable or empty.
     */
    public static LineSource open(Path file) {
        if (!Files.exists(file)) {
            throw new DataException("file " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new DataException("file " + file + " is a directory, not a data file");
        }
        if (!Files.isReadable(file)) {
            throw new DataException("file " + file + " is not readable");
        }
        try {
            if (Files.size(file) == 0) {
                throw new DataException("file " + file + " is empty");
            }
            MessageDigest digest = sha256();
            InputStream raw = new BufferedInputStream(
                    new DigestInputStream(Files.newInputStream(file), digest), 1 << 16);
            raw.mark(4);
            byte[] magic = raw.readNBytes(4);
            raw.reset();
            if (Arrays.equals(magic, PARQUET_MAGIC)) {
                raw.close();
                throw new DataException("file " + file + " is a Parquet file; this command reads delimited text "
                        + "(CSV or TSV, optionally gzip-compressed), e.g. the .csv.gz that 'shoplens generate' writes "
                        + "beside the .parquet");
            }
            boolean gz = magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            InputStream in = raw;
            if (gz) {
                try {
                    in = new GZIPInputStream(raw, 1 << 16);
                } catch (IOException e) {
                    raw.close();
                    throw new DataException("file " + file + ": corrupt gzip stream, bad header (" + reason(e) + ")",
                            e);
                }
            }
            return new LineSource(file, in, gz, digest);
        } catch (IOException e) {
            throw new DataException("file " + file + " cannot be opened: " + reason(e), e);
        }
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** Whether the file is gzip-compressed. */
    public boolean isGzip() {
        return gzip;
    }

    /** Advances to the next line; returns false at the end of the file. */
    public boolean next() {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    setLine(pos, i);
                    pos = i + 1;
                    return true;
                }
            }
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void setLine(int start, int end) {
        lineNumber++;
        lineStart = start;
        lineEnd = (end > start && buf[end - 1] == '\r') ? end - 1 : end;
    }

    private void fill() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
                bytesRead += n;
            }
        } catch (IOException e) {
            throw new DataException("file " + file + ": " + (gzip ? "corrupt gzip stream" : "read error")
                    + " after line " + lineNumber + " (" + reason(e) + ")", e);
        }
    }

    /** The buffer holding the current line; valid until the next call of {@link #next()}. */
    public byte[] buffer() {
        return buf;
    }

    /** Offset of the current line's first byte in {@link #buffer()}. */
    public int start() {
        return lineStart;
    }

    /** Offset just past the current line's last byte (line end characters excluded). */
    public int end() {
        return lineEnd;
    }

    /** The 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Uncompressed bytes read so far. */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * SHA-256 of the file's bytes as stored (compressed when gzip), in lower-case hex; complete only once
     * {@link #next()} has returned false.
     */
    public String sha256Hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Whether the current line is empty or whitespace only. */
    public boolean isBlank() {
        for (int i = lineStart; i < lineEnd; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The current line as a string (for messages and the quarantine only). */
    public String lineText() {
        return new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new DataException("file " + file + " cannot be closed: " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
