package io.podyard.controllers.runtime;

/**
 * Brings one key to its desired state, reading from informer caches and writing through the API.
 * Called by one worker at a time per key; an exception counts as {@link Result.Failed}.
 */
@FunctionalInterface
public interface Reconciler<K> {
    Result reconcile(K key) throws Exception;
}
