package io.shoplens.serve;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key token buckets: each key may make {@code ratePerSecond} requests per second on average and up to
 * {@code burst} at once. A request takes one token; an empty bucket means 429.
 *
 * <p>Thread-safe.
 */
public final class RateLimiter {
    private final double ratePerNano;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param ratePerSecond tokens added per second per key, &gt; 0
     * @param burst         bucket size in tokens, &gt;= 1
     */
    public RateLimiter(double ratePerSecond, double burst) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate limit must be a finite number > 0 per second, got "
                    + ratePerSecond);
        }
        if (!(burst >= 1) || Double.isInfinite(burst)) {
            throw new IllegalArgumentException("rate-limit burst must be a finite number >= 1, got " + burst);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
    }

    /** Takes a token from {@code key}'s bucket at time {@code nanoTime}; false when the bucket is empty. */
    public boolean tryAcquire(String key, long nanoTime) {
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoTime)).take(nanoTime, ratePerNano, burst);
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }

        synchronized boolean take(long now, double ratePerNano, double burst) {
            if (now > last) {
                tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
                last = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
