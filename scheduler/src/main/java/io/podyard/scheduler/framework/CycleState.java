package io.podyard.scheduler.framework;

import java.util.HashMap;
import java.util.Map;

/**
 * What plugins computed for one scheduling attempt, keyed by their own key objects. A pre-step
 * writes once; the per-node steps read. Not shared between attempts or threads.
 */
public final class CycleState {
    /** A typed key; each plugin owns its keys. */
    public record Key<T>(String name) {
    }

    private final Map<Key<?>, Object> values = new HashMap<>();

    public <T> void put(Key<T> key, T value) {
        values.put(key, value);
    }

    /** @throws IllegalStateException if the pre-step that writes the key did not run */
    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("no " + key.name() + " in the cycle state: its pre-step did not run");
        }
        return (T) value;
    }

    public boolean has(Key<?> key) {
        return values.containsKey(key);
    }
}
