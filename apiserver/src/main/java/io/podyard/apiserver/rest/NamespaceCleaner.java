package io.podyard.apiserver.rest;

import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.storage.ObjectStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Empties a Terminating namespace, then removes it, as Kubernetes' namespace controller does:
 * every namespaced object in it is deleted (objects held by finalizers or grace periods are waited
 * for), then the namespace's "kubernetes" finalizer is dropped and the namespace goes.
 */
final class NamespaceCleaner {
    private static final Logger log = LoggerFactory.getLogger(NamespaceCleaner.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final ResourceRegistry registry;
    private final ObjectStore store;
    private final Deletion deletion;
    private final ResourceType namespaces;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    NamespaceCleaner(ResourceRegistry registry, ObjectStore store, InstantSource clock, Deletion.Gone gone) {
        this.registry = registry;
        this.store = store;
        this.deletion = new Deletion(store, clock, ns -> { }, gone);
        this.namespaces = registry.byPlural("", "v1", "namespaces").orElseThrow();
    }

    /** Starts emptying {@code namespace} unless that is already under way. */
    void start(String namespace) {
        if (running.add(namespace)) {
            Thread.ofVirtual().name("namespace-cleaner " + namespace).start(() -> {
                try {
                    clean(namespace);
                } finally {
                    running.remove(namespace);
                }
            });
        }
    }

    /** After a restart: carries on with every namespace that was terminating. */
    void resume() {
        for (ObjectNode ns : store.list(namespaces, null, o -> true, 0, null, 0).items()) {
            if (ns.path("metadata").has("deletionTimestamp")) {
                start(Json.text(ns.path("metadata"), "name"));
            }
        }
    }

    private void clean(String namespace) {
        Duration wait = FIRST_RETRY;
        try {
            while (!deleteContents(namespace)) {
                Thread.sleep(wait);
                wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
            }
            store.update(namespaces, null, namespace, null, ns -> {
                JsonNode finalizers = ns.path("spec").path("finalizers");
                if (finalizers instanceof ArrayNode list) {
                    for (int i = list.size() - 1; i >= 0; i--) {
                        if (list.get(i).asString("").equals("kubernetes")) {
                            list.remove(i);
                        }
                    }
                }
                return ns;
            });
            ObjectNode ns = store.get(namespaces, null, namespace).orElse(null);
            if (ns != null && !Deletion.hasFinalizers(ns)) {
                store.delete(namespaces, null, namespace, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ApiException e) {
            if (e.code() != 404) {
                log.warn("cleaning namespace {} stopped: {}", namespace, e.getMessage());
            }
        }
    }

    /** Deletes what is left in the namespace; true once nothing is. */
    private boolean deleteContents(String namespace) {
        boolean empty = true;
        for (ResourceType type : registry.all()) {
            if (!type.namespaced()) {
                continue;
            }
            for (ObjectNode object : store.list(type, namespace, o -> true, 0, null, 0).items()) {
                empty = false;
                if (!object.path("metadata").has("deletionTimestamp")) {
                    try {
                        deletion.delete(type, namespace, Json.text(object.path("metadata"), "name"),
                                Json.MAPPER.createObjectNode());
                    } catch (ApiException e) {
                        // gone or changed meanwhile: the next round sees
                    }
                }
            }
        }
        return empty;
    }
}
