package io.shoplens.core.synth;

/**
 * Combines the CRC-32 (gzip polynomial) of two byte sequences into the CRC-32 of their concatenation, so that
 * workers can checksum their own blocks and the writer only merges the results.
 *
 * <p>CRC-32 without its pre- and post-conditioning is multiplication by x<sup>32</sup> modulo the generator
 * polynomial, so crc(A B) = crc(A) &middot; x<sup>8|B|</sup> + crc(B) modulo P. Polynomials are kept in the
 * bit-reflected form {@link java.util.zip.CRC32} uses: bit 31 is the coefficient of x<sup>0</sup>.
 */
final class Crc32Combine {
    private static final int POLY = 0xEDB88320;
    private static final int ONE = 1 << 31;
    /** POWERS[k] = x^(2^k) mod P. */
    private static final int[] POWERS = new int[64];

    static {
        int p = 1 << 30;
        POWERS[0] = p;
        for (int k = 1; k < POWERS.length; k++) {
            p = multiply(p, p);
            POWERS[k] = p;
        }
    }

    private Crc32Combine() {
    }

    /** The CRC-32 of A followed by B, given crc(A), crc(B) and the length of B in bytes. */
    static int combine(int crcA, int crcB, long lengthB) {
        if (lengthB <= 0) {
            return crcA;
        }
        return multiply(xPowEightN(lengthB), crcA) ^ crcB;
    }

    /** a * b mod P, both reflected. */
    static int multiply(int a, int b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        int product = 0;
        int m = ONE;
        while (true) {
            if ((a & m) != 0) {
                product ^= b;
                if ((a & (m - 1)) == 0) {
                    return product;
                }
            }
            m >>>= 1;
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
    }

    /** x^(8n) mod P. */
    private static int xPowEightN(long n) {
        int p = ONE;
        int k = 3;
        while (n != 0) {
            if ((n & 1) != 0) {
                p = multiply(POWERS[k & 63], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }
}
