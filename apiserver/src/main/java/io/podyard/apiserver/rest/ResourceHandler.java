package io.podyard.apiserver.rest;

import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.storage.ObjectList;
import io.podyard.apiserver.storage.ObjectStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The verbs on resources, for every registered type alike: get, list, create, update (main
 * resource and /status) and delete. Watches are served by the watch cache, not here.
 */
public final class ResourceHandler {
    private final ResourceRegistry registry;
    private final ObjectStore store;
    private final ObjectLifecycle lifecycle;
    private final ResourceType namespaces;
    private final Deletion deletion;
    private final NamespaceCleaner namespaceCleaner;
    private final ScaleSubresource scale;

    public ResourceHandler(ResourceRegistry registry, ObjectStore store, ObjectLifecycle lifecycle, InstantSource clock) {
        this.registry = registry;
        this.store = store;
        this.lifecycle = lifecycle;
        this.namespaces = registry.byPlural("", "v1", "namespaces").orElseThrow();
        this.namespaceCleaner = new NamespaceCleaner(registry, store, clock);
        this.deletion = new Deletion(store, clock, namespaceCleaner::start);
        this.scale = new ScaleSubresource(store);
    }

    /** Picks up work a previous run left unfinished (namespaces that were terminating). */
    public void resume() {
        namespaceCleaner.resume();
    }

    /** The response to a verb: HTTP code, body, and warnings for the Warning header. */
    public record Response(int code, Object body, List<String> warnings) {
        Response(int code, Object body) {
            this(code, body, List.of());
        }
    }

    /** The resource a request addresses, or 404 as Kubernetes answers for unknown resources. */
    public ResourceType resolve(RequestInfo info) {
        ResourceType type = registry.byPlural(info.group(), info.version(), info.resource())
                .orElseThrow(() -> ApiException.notFound("the server could not find the requested resource"));
        if (info.subresource() != null && !type.hasSubresource(info.subresource())) {
            throw ApiException.notFound("the server could not find the requested resource");
        }
        return type;
    }

    public Response handle(String method, RequestInfo info, Map<String, String> query, byte[] body) {
        ResourceType type = resolve(info);
        String ns = type.namespaced() ? info.namespace() : null;
        if (type.namespaced() && ns == null && (info.name() != null || !method.equals("GET"))) {
            throw ApiException.notFound("the server could not find the requested resource");
        }
        String name = info.name();
        String sub = info.subresource();
        if ("scale".equals(sub)) {
            return switch (method) {
                case "GET" -> new Response(200, scale.get(type, ns, name));
                case "PUT" -> new Response(200, scale.update(type, ns, name, Json.parseObject(body)));
                default -> throw ApiException.methodNotAllowed(method);
            };
        }
        return switch (method) {
            case "GET" -> name == null ? new Response(200, list(type, ns, query)) : new Response(200, get(type, ns, name));
            case "POST" -> {
                if (name != null) {
                    throw ApiException.methodNotAllowed(method);
                }
                List<String> warnings = new ArrayList<>();
                ObjectNode object = FieldValidation.decode(type, body, FieldValidation.mode(query), warnings);
                yield new Response(201, create(type, ns, object), warnings);
            }
            case "PUT" -> {
                if (name == null) {
                    throw ApiException.methodNotAllowed(method);
                }
                List<String> warnings = new ArrayList<>();
                ObjectNode object = FieldValidation.decode(type, body, FieldValidation.mode(query), warnings);
                yield new Response(200, update(type, ns, name, sub, object), warnings);
            }
            case "DELETE" -> {
                if (name == null || sub != null) {
                    throw ApiException.methodNotAllowed(method);
                }
                yield new Response(200, deletion.delete(type, ns, name, deleteOptions(body)));
            }
            default -> throw ApiException.methodNotAllowed(method);
        };
    }

    public ObjectNode get(ResourceType type, String ns, String name) {
        return store.get(type, ns, name).orElseThrow(() -> ApiException.notFound(type, name));
    }

    /** The labelSelector and fieldSelector of a request as one predicate (400 if malformed). */
    public static Predicate<ObjectNode> filter(ResourceType type, Map<String, String> query) {
        return ObjectFilter.from(type, query);
    }

    public ObjectNode list(ResourceType type, String ns, Map<String, String> query) {
        Predicate<ObjectNode> filter = ObjectFilter.from(type, query);
        int limit = Queries.intParam(query, "limit", 0);
        long revision = Queries.listRevision(query);
        ObjectList page = store.list(type, ns, filter, limit, blankToNull(query.get("continue")), revision);
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", type.listKind());
        list.put("apiVersion", type.apiVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", String.valueOf(page.revision()));
        if (page.continueToken() != null) {
            meta.put("continue", page.continueToken());
        }
        ArrayNode items = list.putArray("items");
        for (ObjectNode item : page.items()) {
            items.add(item);
        }
        return list;
    }

    private ObjectNode create(ResourceType type, String ns, ObjectNode object) {
        if (type.namespaced()) {
            requireActiveNamespace(ns);
        }
        ObjectNode ready = lifecycle.prepareCreate(type, ns, object);
        return store.create(type, ns, Json.text(ready.get("metadata"), "name"), ready);
    }

    private ObjectNode update(ResourceType type, String ns, String name, String sub, ObjectNode object) {
        String expected = blankToNull(Json.text(object.get("metadata"), "resourceVersion"));
        boolean status = "status".equals(sub);
        ObjectNode updated = store.update(type, ns, name, expected, old -> status
                ? lifecycle.prepareStatusUpdate(type, old, object.deepCopy())
                : lifecycle.prepareUpdate(type, old, object.deepCopy()));
        return deletion.finishIfDone(type, ns, name, updated);
    }

    /** Writes into a namespace need it to exist and not be on its way out (404 / 403, as Kubernetes). */
    private void requireActiveNamespace(String ns) {
        ObjectNode namespace = store.get(namespaces, null, ns)
                .orElseThrow(() -> ApiException.notFound(namespaces, ns));
        if (namespace.path("metadata").has("deletionTimestamp")
                || "Terminating".equals(namespace.path("status").path("phase").asString(""))) {
            throw ApiException.forbidden("unable to create new content in namespace " + ns
                    + " because it is being terminated");
        }
    }

    /** DeleteOptions (preconditions, gracePeriodSeconds), or none. */
    private static ObjectNode deleteOptions(byte[] body) {
        return body == null || body.length == 0 ? Json.MAPPER.createObjectNode() : Json.parseObject(body);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
