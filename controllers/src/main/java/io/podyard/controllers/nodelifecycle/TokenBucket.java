package io.podyard.controllers.nodelifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token bucket of size one, as the rate limiter of Kubernetes' eviction queue: one token per
 * {@code 1/rate} seconds; rate 0 gives none (Kubernetes swaps in a limiter that refuses all). Time is passed in. Not thread-safe.
 */
final class TokenBucket {
    private double rate;
    private double tokens;
    private Instant refilled;

    TokenBucket(double rate, Instant now) {
        this.rate = rate;
        this.tokens = 1;
        this.refilled = Objects.requireNonNull(now);
    }

    /** Changes the rate from now on; tokens earned so far are kept. */
    void setRate(double rate, Instant now) {
        refill(now);
        this.rate = rate;
    }

    double rate() {
        return rate;
    }

    /** Takes a token if one is there; at rate 0 none is given, even one earned before. */
    boolean tryAcquire(Instant now) {
        refill(now);
        if (rate > 0 && tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** How long until the next token; empty at rate 0. */
    Optional<Duration> nextTokenIn(Instant now) {
        refill(now);
        if (rate <= 0) {
            return Optional.empty();
        }
        if (tokens >= 1) {
            return Optional.of(Duration.ZERO);
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / rate * 1e9)));
    }

    private void refill(Instant now) {
        if (now.isAfter(refilled)) {
            tokens = Math.min(1, tokens + Duration.between(refilled, now).toNanos() / 1e9 * rate);
            refilled = now;
        }
    }
}
