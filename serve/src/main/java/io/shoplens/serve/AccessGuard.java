package io.shoplens.serve;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Set;

/**
 * Runs before every matched route that has a role: the API key (from {@code Authorization: Bearer KEY} or
 * {@code X-API-Key}) must be known (401), its role must allow the route's (403), its token bucket must have a
 * token (429) and a declared body must fit the size limit (413).
 */
final class AccessGuard {
    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final double rateLimit;
    private final long maxBodyBytes;

    AccessGuard(ApiKeys keys, RateLimiter limiter, double rateLimit, long maxBodyBytes) {
        this.keys = keys;
        this.limiter = limiter;
        this.rateLimit = rateLimit;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Throws the {@link ApiError} that refuses {@code ctx}, or returns when it may proceed. */
    void check(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty()) {
            return;
        }
        Role required = (Role) roles.iterator().next();
        String key = ctx.header("X-API-Key");
        if (key == null) {
            String auth = ctx.header("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = auth.substring(7).strip();
            }
        }
        if (key == null || key.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "Authorization", "an API key is required (Authorization: Bearer KEY or "
                    + "X-API-Key: KEY)");
        }
        ApiKeys.Principal p = keys.authenticate(key);
        if (p == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "Authorization", "the API key is not valid");
        }
        if (!p.role().allows(required)) {
            throw new ApiError(403, "Authorization", "key '" + p.name() + "' has role " + p.role().label()
                    + "; this endpoint needs " + required.label());
        }
        if (!limiter.tryAcquire(p.name(), System.nanoTime())) {
            ctx.header("Retry-After", "1");
            throw new ApiError(429, null, "key '" + p.name() + "' is over its rate limit of " + rateLimit
                    + " requests per second");
        }
        String length = ctx.header("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > maxBodyBytes) {
            throw new ApiError(413, "body", "request body of " + length + " bytes is larger than " + maxBodyBytes
                    + " bytes");
        }
    }
}
