package io.podyard.controllers.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.client.EventRecorder;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every controller is built from: the API client, the shared informers (register handlers
 * before they start), the clock, the worker count and back-off of its queue, and an event
 * recorder per component name.
 */
public record ControllerContext(KubernetesClient client, SharedInformers informers, InstantSource clock,
        int workers, RateLimiter.Settings backoff, Function<String, EventRecorder> recorders) {
    public ControllerContext {
        Objects.requireNonNull(client);
        Objects.requireNonNull(informers);
        Objects.requireNonNull(clock);
        Objects.requireNonNull(backoff);
        Objects.requireNonNull(recorders);
    }

    /** A queue and workers for {@code reconciler}, with this context's settings. */
    public <K> Controller<K> controller(String name, Reconciler<K> reconciler) {
        return new Controller<>(name, reconciler, clock, backoff, workers);
    }
}
