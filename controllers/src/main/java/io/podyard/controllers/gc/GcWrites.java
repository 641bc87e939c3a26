package io.podyard.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The collector's writes, each compare-and-swap on the resourceVersion it read (a conflict fails
 * the reconcile, which retries on the newer object).
 */
final class GcWrites {
    private final KubernetesClient client;

    GcWrites(KubernetesClient client) {
        this.client = client;
    }

    <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
        var op = client.resources(type);
        T found = namespace == null ? op.withName(name).get() : op.inNamespace(namespace).withName(name).get();
        return Optional.ofNullable(found);
    }

    /**
     * Deletes with the given propagation. The finalizer that makes a foreground or orphan delete
     * wait is set first: Podyard's API server does not yet add it from propagationPolicy (Kubernetes'
     * does), and with it already there both behave alike.
     */
    void delete(HasMetadata item, Collector.Propagation propagation) {
        try {
            HasMetadata target = item;
            String finalizer = switch (propagation) {
                case FOREGROUND -> Collector.FOREGROUND;
                case ORPHAN -> Collector.ORPHAN;
                case BACKGROUND -> null;
            };
            if (finalizer != null && !Collector.hasFinalizer(item, finalizer)) {
                HasMetadata copy = copy(item);
                List<String> finalizers = new ArrayList<>(
                        copy.getMetadata().getFinalizers() == null ? List.of() : copy.getMetadata().getFinalizers());
                finalizers.add(finalizer);
                copy.getMetadata().setFinalizers(finalizers);
                target = client.resource(copy).update();
            }
            client.resource(target).withPropagationPolicy(GarbageCollector.policy(propagation)).delete();
        } catch (KubernetesClientException e) {
            if (!GarbageCollector.notFound(e)) {
                throw e;
            }
        }
    }

    void removeOwnerReferences(HasMetadata item, Set<String> ownerUids) {
        HasMetadata copy = copy(item);
        List<OwnerReference> refs = new ArrayList<>(copy.getMetadata().getOwnerReferences());
        if (!refs.removeIf(r -> ownerUids.contains(r.getUid()))) {
            return;
        }
        copy.getMetadata().setOwnerReferences(refs.isEmpty() ? null : refs);
        update(copy);
    }

    void removeFinalizer(HasMetadata item, String finalizer) {
        HasMetadata copy = copy(item);
        List<String> finalizers = new ArrayList<>(copy.getMetadata().getFinalizers());
        finalizers.remove(finalizer);
        copy.getMetadata().setFinalizers(finalizers.isEmpty() ? null : finalizers);
        update(copy);
    }

    private void update(HasMetadata copy) {
        try {
            client.resource(copy).update();
        } catch (KubernetesClientException e) {
            if (!GarbageCollector.notFound(e)) {
                throw e;
            }
        }
    }

    /** A deep copy, so the informer's cached object is never changed in place. */
    private <T extends HasMetadata> T copy(T item) {
        return client.getKubernetesSerialization().clone(item);
    }
}
