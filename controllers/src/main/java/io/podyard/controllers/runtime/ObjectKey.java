package io.podyard.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/** The key of a namespaced or cluster-scoped object in a work queue and an informer cache. */
public record ObjectKey(String namespace, String name) {
    public ObjectKey {
        Objects.requireNonNull(name, "name");
        namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    }

    public static ObjectKey of(HasMetadata object) {
        return new ObjectKey(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** The informer store's key: {@code namespace/name}, or {@code name} for cluster-scoped objects. */
    @Override
    public String toString() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
