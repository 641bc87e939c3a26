package io.podyard.apiserver.http;

import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.rest.Json;
import io.podyard.apiserver.rest.Queries;
import io.podyard.apiserver.rest.ResourceHandler;
import io.podyard.apiserver.watch.WatchCache;
import io.podyard.store.KeyValueStore;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Serves {@code ?watch=true}: one watch cache per resource type, started on first use. */
final class Watches implements AutoCloseable {
    /** Events kept per resource for resuming watchers. */
    private static final int CACHE_EVENTS = 10_000;
    /** Kubernetes ends a watch after a random 30-60 minutes unless timeoutSeconds says otherwise. */
    private static final int MIN_TIMEOUT_SECONDS = 1800;

    private final KeyValueStore store;
    private final ResourceHandler handler;
    private final Vertx vertx;
    private final Map<ResourceType, WatchCache> caches = new ConcurrentHashMap<>();

    Watches(KeyValueStore store, ResourceHandler handler, Vertx vertx) {
        this.store = store;
        this.handler = handler;
        this.vertx = vertx;
    }

    /**
     * Streams a watch. Everything that can be refused is checked before {@code transport} is asked
     * for, because opening it tells the client the watch started (200, or a completed upgrade).
     */
    /** @param asTable turns each event's object into a Table (kubectl get -w), or null for objects */
    void serve(ResourceType type, String namespace, Map<String, String> query, Supplier<WatchTransport> transport,
            UnaryOperator<ObjectNode> asTable) {
        Predicate<ObjectNode> filter = filter(type, namespace, query);
        long timeout = timeoutSeconds(query);
        String rv = query.get("resourceVersion");
        boolean fromNow = rv == null || rv.isEmpty() || rv.equals("0");
        long from = fromNow ? 0 : parseRevision(rv);
        WatchCache cache = caches.computeIfAbsent(type, t -> {
            WatchCache c = new WatchCache(t, store, CACHE_EVENTS);
            c.start();
            return c;
        });
        ObjectNode initial = null;
        if (fromNow) {
            // "Get state and start at most recent": the current objects as ADDED, then changes.
            Map<String, String> listQuery = new HashMap<>(query);
            listQuery.remove("resourceVersion");
            listQuery.remove("limit");
            initial = handler.list(type, namespace, listQuery);
            from = Long.parseLong(initial.path("metadata").path("resourceVersion").asString());
        }
        WatchStream stream = new WatchStream(type, transport.get(), Queries.flag(query, "allowWatchBookmarks"),
                asTable);
        if (initial != null) {
            for (JsonNode item : initial.withArray("items")) {
                long itemRv = Long.parseLong(item.path("metadata").path("resourceVersion").asString("0"));
                stream.event(new WatchCache.Event("ADDED", (ObjectNode) item, null, itemRv));
            }
        }
        stream.attach(cache.subscribe(from, filter, stream));
        vertx.setTimer(timeout * 1000, id -> stream.end());
    }

    private static long parseRevision(String rv) {
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resource version: " + rv);
        }
    }

    private static Predicate<ObjectNode> filter(ResourceType type, String namespace, Map<String, String> query) {
        Predicate<ObjectNode> selectors = ResourceHandler.filter(type, query);
        if (namespace == null) {
            return selectors;
        }
        return object -> namespace.equals(Json.text(object.path("metadata"), "namespace")) && selectors.test(object);
    }

    private static long timeoutSeconds(Map<String, String> query) {
        String t = query.get("timeoutSeconds");
        if (t != null && !t.isEmpty()) {
            try {
                return Math.max(1, Long.parseLong(t));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid value for timeoutSeconds: " + t);
            }
        }
        return MIN_TIMEOUT_SECONDS + ThreadLocalRandom.current().nextInt(MIN_TIMEOUT_SECONDS);
    }

    @Override
    public void close() {
        caches.values().forEach(WatchCache::close);
    }
}
