package io.shoplens.core.synth;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Buffered ASCII line output to a plain file, or a gzip file (fastest level) when the name ends in .gz. */
final class LineWriter implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int pos;

    private LineWriter(OutputStream out) {
        this.out = out;
    }

    static boolean isGzip(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().endsWith(".gz");
    }

    static LineWriter open(Path path) throws IOException {
        OutputStream file = Files.newOutputStream(path);
        try {
            return new LineWriter(isGzip(path) ? new FastGzipOutputStream(file) : file);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    LineWriter bytes(byte[] b) throws IOException {
        if (b.length > BUFFER - pos) {
            drain();
            if (b.length > BUFFER) {
                out.write(b);
                return this;
            }
        }
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    LineWriter ascii(String s) throws IOException {
        return bytes(Ascii.bytes(s));
    }

    LineWriter ch(char c) throws IOException {
        if (pos == BUFFER) {
            drain();
        }
        buf[pos++] = (byte) c;
        return this;
    }

    LineWriter number(long v) throws IOException {
        if (BUFFER - pos < 20) {
            drain();
        }
        pos = Ascii.writeLong(buf, pos, v);
        return this;
    }

    private void drain() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            out.close();
        }
    }

    /** A gzip stream at {@link Deflater#BEST_SPEED}; the header's modification time is 0, so output is stable. */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
