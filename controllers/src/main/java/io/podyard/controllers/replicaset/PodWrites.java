package io.podyard.controllers.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.controllers.pods.Pods;
import io.podyard.client.EventRecorder;
import io.podyard.controllers.runtime.OwnerRefs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** The ReplicaSet controller's writes to pods, each recorded as an Event on the ReplicaSet. */
final class PodWrites {
    /** How many writes succeeded, and the message of the last failure, if any. */
    record Outcome(int done, Optional<String> error) {}

    private final KubernetesClient client;
    private final EventRecorder events;

    PodWrites(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    /** Creates {@code count} pods from the template in slow-start batches (each batch in parallel). */
    Outcome createInBatches(ReplicaSet rs, int count) {
        int created = 0;
        String error = null;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int size : SlowStart.batches(count, 1)) {
                List<Future<String>> batch = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    batch.add(pool.submit(() -> create(rs)));
                }
                boolean failed = false;
                for (Future<String> f : batch) {
                    String failure = join(f);
                    if (failure == null) {
                        created++;
                    } else if (!failure.isEmpty()) {
                        failed = true;
                        error = failure;
                    } else {
                        failed = true; // refused without it being an error (namespace terminating)
                    }
                }
                if (failed) {
                    break;
                }
            }
        }
        return new Outcome(created, Optional.ofNullable(error));
    }

    /** Null on success; "" when refused because the namespace is going away; else the error. */
    private String create(ReplicaSet rs) {
        Pod pod = Pods.fromTemplate(rs.getSpec().getTemplate(), rs, OwnerRefs.controllerRef(rs));
        try {
            Pod created = client.pods().inNamespace(rs.getMetadata().getNamespace()).resource(pod).create();
            events.normal(rs, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
            return null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 && String.valueOf(e.getMessage()).contains("being terminated")) {
                return "";
            }
            String message = "Error creating: " + statusMessage(e);
            events.warning(rs, "FailedCreate", message);
            return message;
        }
    }

    /** Deletes the pods in parallel; {@code notDeleted} hears of each pod whose delete did not go out. */
    Outcome deleteAll(ReplicaSet rs, List<Pod> pods, Consumer<Pod> notDeleted) {
        int deleted = 0;
        String error = null;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            for (Pod pod : pods) {
                results.add(pool.submit(() -> delete(rs, pod, notDeleted)));
            }
            for (Future<String> f : results) {
                String failure = join(f);
                if (failure == null) {
                    deleted++;
                } else {
                    error = failure;
                }
            }
        }
        return new Outcome(deleted, Optional.ofNullable(error));
    }

    private String delete(ReplicaSet rs, Pod pod, Consumer<Pod> notDeleted) {
        try {
            var result = client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).delete();
            if (result.isEmpty()) {
                notDeleted.accept(pod); // already gone: no informer event will tell
                return null;
            }
            events.normal(rs, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
            return null;
        } catch (KubernetesClientException e) {
            notDeleted.accept(pod);
            if (e.getCode() == 404) {
                return null;
            }
            String message = "Error deleting: " + statusMessage(e);
            events.warning(rs, "FailedDelete", message);
            return message;
        }
    }

    /** Makes {@code rs} the pod's controller (CAS on the cached resourceVersion); the adopted pod, or empty. */
    Optional<Pod> adopt(ReplicaSet rs, Pod pod) {
        List<OwnerReference> refs = new ArrayList<>(
                pod.getMetadata().getOwnerReferences() == null ? List.of() : pod.getMetadata().getOwnerReferences());
        refs.add(OwnerRefs.controllerRef(rs));
        Pod changed = new PodBuilder(pod).editMetadata().withOwnerReferences(refs).endMetadata().build();
        try {
            return Optional.of(client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(changed).update());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty(); // gone meanwhile
            }
            throw e; // 409: the cache is behind; the retry sees the newer pod
        }
    }

    /** Removes {@code rs}'s reference from a pod it no longer selects. */
    void release(ReplicaSet rs, Pod pod) {
        List<OwnerReference> refs = new ArrayList<>(pod.getMetadata().getOwnerReferences());
        refs.removeIf(r -> rs.getMetadata().getUid().equals(r.getUid()));
        Pod changed = new PodBuilder(pod).editMetadata().withOwnerReferences(refs.isEmpty() ? null : refs)
                .endMetadata().build();
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(changed).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 422) {
                throw e;
            }
        }
    }

    private static String statusMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    private static String join(Future<String> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause().getMessage());
        }
    }
}
