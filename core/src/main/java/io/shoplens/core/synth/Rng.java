package io.shoplens.core.synth;

/**
 * A small SplitMix64 random source plus the stateless hashes the generator derives per-user, per-item and
 * per-group streams from. Not thread-safe; each worker owns one and reseeds it per user.
 */
final class Rng {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long SECOND = 0xD1B54A32D192ED03L;
    private static final double UNIT = 0x1.0p-53;
    private static final double TWO_PI = 2 * Math.PI;

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    void reseed(long seed) {
        this.state = seed;
    }

    long nextLong() {
        state += GOLDEN;
        return mix64(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * UNIT;
    }

    /** Uniform in (0, 1]. */
    double nextOpenDouble() {
        return ((nextLong() >>> 11) + 1) * UNIT;
    }

    /** Uniform in [0, bound) for 1 &lt;= bound &lt;= 2<sup>31</sup>-1. */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Exponential with mean 1. */
    double nextExp() {
        return -Math.log(nextOpenDouble());
    }

    /** Standard normal. */
    double nextGaussian() {
        return gaussian(nextLong());
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A well-mixed 64-bit hash of a seed and two keys. */
    static long hash(long seed, long a, long b) {
        return mix64(mix64(seed + a * GOLDEN) ^ (b * SECOND + 0x632BE59BD9B4E019L));
    }

    /** Uniform in [0, 1) from a hash. */
    static double unit(long h) {
        return (h >>> 11) * UNIT;
    }

    /** Standard normal from one 64-bit hash (Box-Muller on its two 32-bit halves). */
    static double gaussian(long h) {
        double u1 = ((h >>> 32) + 1) * 0x1.0p-32;
        double u2 = (h & 0xFFFF_FFFFL) * 0x1.0p-32;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2);
    }
}
