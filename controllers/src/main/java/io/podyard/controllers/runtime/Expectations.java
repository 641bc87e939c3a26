package io.podyard.controllers.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Creates and deletes a controller has issued for a key but not yet seen in its informer cache, as
 * Kubernetes' UIDTrackingControllerExpectations. While any are pending the cache is stale for that
 * key and the controller must not act on counts again (it would create or delete twice). Informer
 * events satisfy them; a record older than the timeout counts as satisfied, so a lost event cannot
 * wedge a key forever. Thread-safe.
 *
 * @param <K> the controller's key (e.g. the ReplicaSet's)
 */
public final class Expectations<K> {
    /** Kubernetes' ExpectationsTimeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private static final class Pending {
        int creates;
        final Set<String> deletes = new HashSet<>();
        final Instant since;

        Pending(Instant since) {
            this.since = since;
        }
    }

    private final InstantSource clock;
    private final Duration timeout;
    private final Map<K, Pending> pending = new HashMap<>();

    public Expectations(InstantSource clock, Duration timeout) {
        this.clock = Objects.requireNonNull(clock);
        this.timeout = Objects.requireNonNull(timeout);
    }

    /** The controller is about to create {@code count} objects for {@code key}; replaces older expectations. */
    public synchronized void expectCreations(K key, int count) {
        Pending p = new Pending(clock.instant());
        p.creates = count;
        pending.put(key, p);
    }

    /** The controller is about to delete these objects (by their cache keys) for {@code key}. */
    public synchronized void expectDeletions(K key, Collection<String> objectKeys) {
        Pending p = new Pending(clock.instant());
        p.deletes.addAll(objectKeys);
        pending.put(key, p);
    }

    /** An informer saw one of {@code key}'s objects appear (or a create failed, so it never will). */
    public synchronized void creationObserved(K key) {
        pending.computeIfPresent(key, (k, p) -> {
            p.creates--;
            return p;
        });
    }

    /** An informer saw {@code objectKey} go (or start terminating), or its delete failed. */
    public synchronized void deletionObserved(K key, String objectKey) {
        pending.computeIfPresent(key, (k, p) -> {
            p.deletes.remove(objectKey);
            return p;
        });
    }

    /** Whether the cache has caught up for {@code key}: nothing pending, all seen, or timed out. */
    public synchronized boolean satisfied(K key) {
        Pending p = pending.get(key);
        if (p == null) {
            return true;
        }
        if (p.creates <= 0 && p.deletes.isEmpty()) {
            return true;
        }
        return !clock.instant().isBefore(p.since.plus(timeout));
    }

    /** The key's object is gone: drops its record. */
    public synchronized void forget(K key) {
        pending.remove(key);
    }
}
