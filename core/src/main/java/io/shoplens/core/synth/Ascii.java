package io.shoplens.core.synth;

import java.nio.charset.StandardCharsets;

/** Writes non-negative decimal numbers straight into byte buffers, two digits per division. */
final class Ascii {
    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private Ascii() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    /** Writes {@code v >= 0} at {@code pos}; returns the position after the last digit. */
    static int writeInt(byte[] b, int pos, int v) {
        int end = pos + digitsFast(v);
        int p = end;
        while (v >= 100) {
            int q = v / 100;
            int r = v - q * 100;
            b[--p] = ONES[r];
            b[--p] = TENS[r];
            v = q;
        }
        if (v >= 10) {
            b[--p] = ONES[v];
            b[--p] = TENS[v];
        } else {
            b[--p] = (byte) ('0' + v);
        }
        return end;
    }

    /** Writes {@code v >= 0} at {@code pos}; returns the position after the last digit. */
    static int writeLong(byte[] b, int pos, long v) {
        if (v <= Integer.MAX_VALUE) {
            return writeInt(b, pos, (int) v);
        }
        int end = pos + digits(v);
        int p = end;
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            b[--p] = ONES[r];
            b[--p] = TENS[r];
            v = q;
        }
        writeInt(b, pos, (int) v);
        return end;
    }

    private static int digitsFast(int v) {
        if (v < 100_000) {
            if (v < 100) {
                return v < 10 ? 1 : 2;
            }
            return v < 1_000 ? 3 : (v < 10_000 ? 4 : 5);
        }
        if (v < 10_000_000) {
            return v < 1_000_000 ? 6 : 7;
        }
        if (v < 1_000_000_000) {
            return v < 100_000_000 ? 8 : 9;
        }
        return 10;
    }
}
