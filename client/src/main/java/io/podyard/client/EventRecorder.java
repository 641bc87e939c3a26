package io.podyard.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.InstantSource;

/**
 * Records what a controller did as core/v1 Events about the object it acted on, so {@code kubectl
 * describe} shows them. Recording never fails the caller: events are best effort, as in Kubernetes.
 */
public interface EventRecorder extends AutoCloseable {
    String NORMAL = "Normal";
    String WARNING = "Warning";

    /** Records one occurrence; a repeat of the same (object, type, reason, message) bumps the count. */
    void record(HasMetadata involved, String type, String reason, String message);

    default void normal(HasMetadata involved, String reason, String message) {
        record(involved, NORMAL, reason, message);
    }

    default void warning(HasMetadata involved, String reason, String message) {
        record(involved, WARNING, reason, message);
    }

    /** Stops writing; events not yet written are dropped after a short drain. */
    @Override
    void close();

    /** A recorder writing through {@code client}, naming {@code component} as the events' source. */
    static EventRecorder writingTo(KubernetesClient client, String component, InstantSource clock) {
        return new ApiEventRecorder(client, component, clock);
    }

    /** Records nothing, for pure tests. */
    EventRecorder NONE = new EventRecorder() {
        @Override
        public void record(HasMetadata involved, String type, String reason, String message) {}

        @Override
        public void close() {}
    };
}
