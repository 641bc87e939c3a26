package io.podyard.controllers.runtime;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Optional;

/** Namespaces as the controllers that keep an object in every namespace see them. */
public final class Namespaces {
    private Namespaces() {
    }

    /** Queues a namespace's name when it appears and whenever it changes. */
    public static void enqueueEach(SharedInformers informers, Controller<String> loop) {
        informers.addHandler(Namespace.class, EventHandlers.of(
                ns -> loop.enqueue(ns.getMetadata().getName()),
                (old, ns) -> loop.enqueue(ns.getMetadata().getName()),
                ns -> { }));
    }

    /** Whether the cached namespace exists and is neither being deleted nor Terminating (writes into it succeed). */
    public static boolean active(SharedInformers informers, String name) {
        Optional<Namespace> ns = informers.get(Namespace.class, new ObjectKey(null, name));
        return ns.isPresent() && !OwnerRefs.deleting(ns.get())
                && !"Terminating".equals(ns.get().getStatus() == null ? null : ns.get().getStatus().getPhase());
    }
}
