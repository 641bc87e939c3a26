package io.podyard.controllers.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How long a failed key waits before its retry, as client-go's default controller rate limiter:
 * the larger of a per-key exponential back-off ({@code base * 2^failures}, capped) and an overall
 * token bucket (so many keys failing at once do not hammer the API server). Thread-safe.
 */
public final class RateLimiter<K> {
    /**
     * @param base the first retry delay of a key
     * @param max the cap of a key's delay
     * @param qps tokens per second of the overall bucket
     * @param burst the bucket's size
     */
    public record Settings(Duration base, Duration max, double qps, int burst) {
        public Settings {
            Objects.requireNonNull(base);
            Objects.requireNonNull(max);
            if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
                throw new IllegalArgumentException("need 0 < base <= max, got base " + base + ", max " + max);
            }
            if (!(qps > 0) || burst < 1) {
                throw new IllegalArgumentException("need qps > 0 and burst >= 1, got " + qps + ", " + burst);
            }
        }

        /** client-go's defaults: 5 ms doubling up to 1000 s per key; 10 qps with a burst of 100 overall. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(5), Duration.ofSeconds(1000), 10, 100);
        }
    }

    private final Settings settings;
    private final InstantSource clock;
    private final Map<K, Integer> failures = new HashMap<>();
    private double tokens;
    private Instant refilled;

    public RateLimiter(Settings settings, InstantSource clock) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.tokens = settings.burst();
        this.refilled = clock.instant();
    }

    /** The delay before {@code key}'s next retry; counts one more failure of it. */
    public synchronized Duration when(K key) {
        int n = failures.merge(key, 1, Integer::sum) - 1;
        return max(backoff(n), reserveToken());
    }

    /** How many times {@code key} failed since it was last forgotten. */
    public synchronized int retries(K key) {
        return failures.getOrDefault(key, 0);
    }

    /** The key succeeded: its next failure starts from the base delay again. */
    public synchronized void forget(K key) {
        failures.remove(key);
    }

    private Duration backoff(int failuresBefore) {
        // 2^62 nanos overflows long arithmetic; long before that the cap applies.
        if (failuresBefore >= 40) {
            return settings.max();
        }
        double nanos = settings.base().toNanos() * Math.pow(2, failuresBefore);
        return nanos >= settings.max().toNanos() ? settings.max() : Duration.ofNanos((long) nanos);
    }

    /** Takes a token now or a future one: the delay until the token the caller reserved. */
    private Duration reserveToken() {
        Instant now = clock.instant();
        double elapsed = Duration.between(refilled, now).toNanos() / 1e9;
        if (elapsed > 0) {
            tokens = Math.min(settings.burst(), tokens + elapsed * settings.qps());
            refilled = now;
        }
        tokens -= 1;
        return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) (-tokens / settings.qps() * 1e9));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
