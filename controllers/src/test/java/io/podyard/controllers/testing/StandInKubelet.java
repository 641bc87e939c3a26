package io.podyard.controllers.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Stands in for the kubelet where readiness matters: marks pods Running and Ready through the
 * status subresource, either on request or (after {@link #readyEverything}) every new pod as it appears.
 */
public final class StandInKubelet implements AutoCloseable {
    private final KubernetesClient client;
    private Watch watch;

    StandInKubelet(KubernetesClient client) {
        this.client = client;
    }

    /** Marks one pod Running and Ready now. */
    public void markReady(Pod pod) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        var pods = client.pods().inNamespace(pod.getMetadata().getNamespace());
        var api = pods.withName(pod.getMetadata().getName());
        for (int attempt = 0; attempt < 5; attempt++) {
            Pod current = api.get();
            if (current == null || current.getMetadata().getDeletionTimestamp() != null) {
                return;
            }
            current.getStatus().setPhase("Running");
            current.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True")
                    .withLastTransitionTime(now).build()));
            try {
                pods.resource(current).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    /** From now on every pod in {@code namespace} that appears is made Ready (existing ones too). */
    public synchronized void readyEverything(String namespace) {
        watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED && !isReady(pod)) {
                    Thread.ofVirtual().start(() -> markReady(pod));
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        client.pods().inNamespace(namespace).list().getItems().stream().filter(p -> !isReady(p))
                .forEach(this::markReady);
    }

    public static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public synchronized void close() {
        if (watch != null) {
            watch.close();
        }
    }
}
