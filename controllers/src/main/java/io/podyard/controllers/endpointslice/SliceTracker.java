package io.podyard.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.podyard.controllers.runtime.ObjectKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The slices this controller wrote and the cache has not shown yet, per Service (Kubernetes'
 * endpointSliceTracker): while the cache is behind, a reconcile would see a slice it just created
 * as missing and create it again, so it waits instead. Resource versions are the store's
 * revisions, so "not older" is a number comparison.
 */
final class SliceTracker {
    private static final long DELETED = -1;

    private final Map<ObjectKey, Map<String, Long>> written = new ConcurrentHashMap<>();

    void wrote(ObjectKey service, EndpointSlice slice) {
        written.computeIfAbsent(service, k -> new ConcurrentHashMap<>())
                .put(slice.getMetadata().getName(), version(slice));
    }

    void deleted(ObjectKey service, EndpointSlice slice) {
        written.computeIfAbsent(service, k -> new ConcurrentHashMap<>()).put(slice.getMetadata().getName(), DELETED);
    }

    /** Whether the cached slices show everything written; forgets what they show. */
    boolean caughtUp(ObjectKey service, List<EndpointSlice> cached) {
        Map<String, Long> mine = written.get(service);
        if (mine == null) {
            return true;
        }
        Map<String, Long> seen = new HashMap<>();
        cached.forEach(s -> seen.put(s.getMetadata().getName(), version(s)));
        mine.entrySet().removeIf(e -> e.getValue() == DELETED ? !seen.containsKey(e.getKey())
                : seen.getOrDefault(e.getKey(), Long.MIN_VALUE) >= e.getValue());
        if (mine.isEmpty()) {
            written.remove(service, mine);
            return true;
        }
        return false;
    }

    void forget(ObjectKey service) {
        written.remove(service);
    }

    private static long version(EndpointSlice slice) {
        try {
            return Long.parseLong(slice.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }
}
