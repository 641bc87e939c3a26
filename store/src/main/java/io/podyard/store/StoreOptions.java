package io.podyard.store;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Settings every store implementation shares.
 *
 * @param keyPrefix every key lives under this prefix (Kubernetes uses "/registry/")
 * @param progressInterval how often an idle watch gets a progress bookmark
 * @param watchQueueLimit events a watcher may have undelivered before it is closed as too slow
 * @param clock time source for ttl expiry
 * @param compactionInterval how often the store compacts its history to the revision it had one
 *     interval earlier (see {@link Compactor}); {@link Duration#ZERO} turns automatic compaction off
 */
public record StoreOptions(String keyPrefix, Duration progressInterval, int watchQueueLimit, InstantSource clock,
        Duration compactionInterval) {

    public static final String DEFAULT_PREFIX = "/registry/";

    public StoreOptions {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (keyPrefix.isEmpty() || !keyPrefix.startsWith("/") || !keyPrefix.endsWith("/")) {
            throw new IllegalArgumentException("keyPrefix must start and end with '/': " + keyPrefix);
        }
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(compactionInterval, "compactionInterval");
        if (compactionInterval.isNegative()) {
            throw new IllegalArgumentException("compactionInterval must not be negative");
        }
        if (watchQueueLimit < 1) {
            throw new IllegalArgumentException("watchQueueLimit must be positive");
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(DEFAULT_PREFIX, Duration.ofSeconds(10), 100_000, InstantSource.system(),
                Duration.ofMinutes(5));
    }

    public StoreOptions withKeyPrefix(String prefix) {
        return new StoreOptions(prefix, progressInterval, watchQueueLimit, clock, compactionInterval);
    }

    public StoreOptions withProgressInterval(Duration interval) {
        return new StoreOptions(keyPrefix, interval, watchQueueLimit, clock, compactionInterval);
    }

    public StoreOptions withWatchQueueLimit(int limit) {
        return new StoreOptions(keyPrefix, progressInterval, limit, clock, compactionInterval);
    }

    public StoreOptions withClock(InstantSource source) {
        return new StoreOptions(keyPrefix, progressInterval, watchQueueLimit, source, compactionInterval);
    }

    public StoreOptions withCompactionInterval(Duration interval) {
        return new StoreOptions(keyPrefix, progressInterval, watchQueueLimit, clock, interval);
    }
}
