package io.podyard.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.podyard.controllers.runtime.ObjectKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The slices this controller wrote and the cache has not shown yet, per Service (Kubernetes'
 * endpointSliceTracker): while the cache is behind, a reconcile would see a slice it just created
 * as missing and create it again, so it waits instead. Resource versions are the store's
 * revisions, so "not older" is a number comparison. What the cache has not shown after
 * {@link #PATIENCE} (a slice someone deleted right after it was written) is given up on.
 */
final class SliceTracker {
    static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final long DELETED = -1;

    private final Map<ObjectKey, Map<String, Long>> written = new ConcurrentHashMap<>();
    private final Map<ObjectKey, Instant> since = new ConcurrentHashMap<>();
    private final InstantSource clock;

    SliceTracker(InstantSource clock) {
        this.clock = clock;
    }

    void wrote(ObjectKey service, EndpointSlice slice) {
        record(service, slice.getMetadata().getName(), version(slice));
    }

    void deleted(ObjectKey service, EndpointSlice slice) {
        record(service, slice.getMetadata().getName(), DELETED);
    }

    private void record(ObjectKey service, String slice, long version) {
        since.putIfAbsent(service, clock.instant());
        written.computeIfAbsent(service, k -> new ConcurrentHashMap<>()).put(slice, version);
    }

    /** Whether the cached slices show everything written; forgets what they show. */
    boolean caughtUp(ObjectKey service, List<EndpointSlice> cached) {
        Map<String, Long> mine = written.get(service);
        if (mine == null) {
            return true;
        }
        Instant first = since.get(service);
        if (first != null && clock.instant().isAfter(first.plus(PATIENCE))) {
            forget(service);
            return true;
        }
        Map<String, Long> seen = new HashMap<>();
        cached.forEach(s -> seen.put(s.getMetadata().getName(), version(s)));
        mine.entrySet().removeIf(e -> e.getValue() == DELETED ? !seen.containsKey(e.getKey())
                : seen.getOrDefault(e.getKey(), Long.MIN_VALUE) >= e.getValue());
        if (mine.isEmpty()) {
            forget(service);
            return true;
        }
        return false;
    }

    void forget(ObjectKey service) {
        written.remove(service);
        since.remove(service);
    }

    private static long version(EndpointSlice slice) {
        try {
            return Long.parseLong(slice.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }
}
