package io.podyard.apiserver.rest;

import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.storage.ObjectList;
import io.podyard.apiserver.services.ServiceAllocator;
import io.podyard.apiserver.storage.ObjectStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
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
    private final InstantSource clock;
    private final PodPriority priority;
    private final PodServiceAccount serviceAccounts;
    private final ServiceAllocator services;
    private final TokenRequests tokens;

    public ResourceHandler(ResourceRegistry registry, ObjectStore store, ObjectLifecycle lifecycle, InstantSource clock,
            ServiceAllocator services, TokenRequests.Signer tokenSigner, String tokenAudience) {
        this.tokens = new TokenRequests(registry, store, clock, tokenSigner, tokenAudience);
        this.clock = clock;
        this.services = services;
        this.priority = new PodPriority(registry, store);
        this.serviceAccounts = new PodServiceAccount(registry, store, new java.util.Random());
        this.registry = registry;
        this.store = store;
        this.lifecycle = lifecycle;
        this.namespaces = registry.byPlural("", "v1", "namespaces").orElseThrow();
        Deletion.Gone gone = (type, object) -> {
            if (type.kind().equals("Service") && type.group().isEmpty()) {
                services.release(object);
            }
        };
        this.namespaceCleaner = new NamespaceCleaner(registry, store, clock, gone);
        this.deletion = new Deletion(store, clock, namespaceCleaner::start, gone);
        this.scale = new ScaleSubresource(store, lifecycle);
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

    public Response handle(String method, RequestInfo info, Map<String, String> query, String contentType,
            byte[] body) {
        return handle(method, info, query, contentType, null, body);
    }

    /** A request; the User-Agent names the field manager of writes that give no {@code fieldManager}. */
    public Response handle(String method, RequestInfo info, Map<String, String> query, String contentType,
            String userAgent, byte[] body) {
        ResourceType type = resolve(info);
        boolean dryRun = dryRun(query);
        String ns = type.namespaced() ? info.namespace() : null;
        if (type.namespaced() && ns == null && (info.name() != null || !method.equals("GET"))) {
            throw ApiException.notFound("the server could not find the requested resource");
        }
        String name = info.name();
        String sub = info.subresource();
        if ("binding".equals(sub)) {
            if (!method.equals("POST")) {
                throw ApiException.methodNotAllowed(method);
            }
            return new Response(201, bind(type, ns, name, Json.parseObject(body), dryRun));
        }
        if ("token".equals(sub)) {
            if (!method.equals("POST")) {
                throw ApiException.methodNotAllowed(method);
            }
            return new Response(201, tokens.create(ns, name, Json.parseObject(body)));
        }
        if ("scale".equals(sub)) {
            return switch (method) {
                case "GET" -> new Response(200, scale.get(type, ns, name));
                case "PUT" -> new Response(200, scale.update(type, ns, name, Json.parseObject(body)));
                case "PATCH" -> {
                    String media = Patches.mediaType(contentType);
                    ObjectNode patched = Patches.apply(type, media, scale.get(type, ns, name), body);
                    yield new Response(200, scale.update(type, ns, name, patched));
                }
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
                yield new Response(201, create(type, ns, object, dryRun,
                        OwnedWrite.update(type, null, query, userAgent, clock)), warnings);
            }
            case "PUT" -> {
                if (name == null) {
                    throw ApiException.methodNotAllowed(method);
                }
                List<String> warnings = new ArrayList<>();
                ObjectNode object = FieldValidation.decode(type, body, FieldValidation.mode(query), warnings);
                yield new Response(200, update(type, ns, name, sub, object, dryRun,
                        OwnedWrite.update(type, sub, query, userAgent, clock)), warnings);
            }
            case "PATCH" -> {
                if (name == null) {
                    throw ApiException.methodNotAllowed(method);
                }
                String media = Patches.mediaType(contentType);
                OwnedWrite write = media.equals(Patches.APPLY_PATCH) ? OwnedWrite.apply(type, sub, query, body, clock)
                        : OwnedWrite.update(type, sub, query, userAgent, clock);
                if (write.isApply() && sub == null && store.get(type, ns, name).isEmpty()) {
                    yield createByApply(type, ns, name, write, FieldValidation.mode(query), dryRun);
                }
                yield patch(type, ns, name, sub, media, body, FieldValidation.mode(query), dryRun, write);
            }
            case "DELETE" -> {
                if (name == null || sub != null) {
                    throw ApiException.methodNotAllowed(method);
                }
                yield new Response(200, dryRun ? get(type, ns, name) : deletion.response(type, ns, name,
                        deleteOptions(body)));
            }
            default -> throw ApiException.methodNotAllowed(method);
        };
    }

    /** A CSR's approval subresource writes its status (the Approved/Denied conditions), as status does. */
    private static boolean writesStatus(String subresource) {
        return "status".equals(subresource) || "approval".equals(subresource);
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

    private ObjectNode create(ResourceType type, String ns, ObjectNode object, boolean dryRun, OwnedWrite write) {
        if (type.namespaced()) {
            requireActiveNamespace(ns);
        }
        ObjectNode ready = write.record(null, lifecycle.prepareCreate(type, ns, object));
        String name = Json.text(ready.get("metadata"), "name");
        if (type.kind().equals("Pod")) {
            priority.admit(name, ready);
            serviceAccounts.admit(ns, name, ready);
        }
        if (dryRun) {
            if (store.get(type, ns, name).isPresent()) {
                throw ApiException.alreadyExists(type, name);
            }
            if (isService(type)) {
                services.allocate(type, null, ready, services.newAttempt(), true);
            }
            return ready;
        }
        if (!isService(type)) {
            return store.create(type, ns, name, ready);
        }
        // Allocation first, then the Service: a crash in between leaves a record the repair frees.
        ServiceAllocator.Attempt attempt = services.newAttempt();
        services.allocate(type, null, ready, attempt, false);
        try {
            return store.create(type, ns, name, ready);
        } catch (RuntimeException e) {
            services.undo(attempt);
            throw e;
        }
    }

    private static boolean isService(ResourceType type) {
        return type.kind().equals("Service") && type.group().isEmpty();
    }

    /**
     * A write to a Service's main resource: type-change clean-up and carried-over allocations before
     * validation, allocation after it; see {@link #writeService}.
     */
    private UnaryOperator<ObjectNode> serviceChange(ResourceType type, UnaryOperator<ObjectNode> decode,
            ServiceAllocator.Attempt attempt, boolean dryRun) {
        return old -> {
            ObjectNode updated = decode.apply(old);
            services.prepareUpdate(type, old, updated);
            ObjectNode ready = lifecycle.prepareUpdate(type, old, updated);
            services.allocate(type, old, ready, attempt, dryRun);
            return ready;
        };
    }

    /** Runs a Service update, giving back what it took if it fails and what is no longer held if it succeeds. */
    private ObjectNode writeService(ServiceAllocator.Attempt attempt, java.util.function.Supplier<ObjectNode> write) {
        ObjectNode stored;
        try {
            stored = write.get();
        } catch (RuntimeException e) {
            services.undo(attempt);
            throw e;
        }
        services.settle(attempt, stored);
        return stored;
    }

    /** Server-side apply of an object that does not exist yet: created from the configuration, 201. */
    private Response createByApply(ResourceType type, String ns, String name, OwnedWrite write,
            FieldValidation.Mode mode, boolean dryRun) {
        ObjectNode object = write.merge(null);
        String given = Json.text(object.path("metadata"), "name");
        if (given != null && !given.isEmpty() && !given.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + given + ") does not match the name on the URL ("
                    + name + ")");
        }
        Json.child(object, "metadata").put("name", name);
        List<String> warnings = new ArrayList<>();
        ObjectNode decoded = FieldValidation.decode(type, Json.bytes(object), mode, warnings);
        return new Response(201, create(type, ns, decoded, dryRun, write), warnings);
    }

    /** {@code change}, then the write's managedFields stamped on what it returns. */
    private static UnaryOperator<ObjectNode> recorded(OwnedWrite write, UnaryOperator<ObjectNode> change) {
        return old -> write.record(old, change.apply(old));
    }

    private ObjectNode update(ResourceType type, String ns, String name, String sub, ObjectNode object,
            boolean dryRun, OwnedWrite write) {
        String expected = blankToNull(Json.text(object.get("metadata"), "resourceVersion"));
        boolean status = writesStatus(sub);
        if (!status && isService(type)) {
            ServiceAllocator.Attempt attempt = services.newAttempt();
            UnaryOperator<ObjectNode> change = recorded(write,
                    serviceChange(type, old -> object.deepCopy(), attempt, dryRun));
            if (dryRun) {
                return store.preview(type, ns, name, expected, change);
            }
            return deletion.finishIfDone(type, ns, name,
                    writeService(attempt, () -> store.update(type, ns, name, expected, change)));
        }
        UnaryOperator<ObjectNode> change = recorded(write, old -> status
                ? lifecycle.prepareStatusUpdate(type, old, object.deepCopy())
                : lifecycle.prepareUpdate(type, old, object.deepCopy()));
        if (dryRun) {
            return store.preview(type, ns, name, expected, change);
        }
        return deletion.finishIfDone(type, ns, name, store.update(type, ns, name, expected, change));
    }

    /**
     * {@code POST pods/name/binding}: assigns the pod to the Binding's target node, as the scheduler
     * does; a pod that already has a node is a 409, as in Kubernetes. Answers with a Success Status.
     */
    private Object bind(ResourceType type, String ns, String name, ObjectNode binding, boolean dryRun) {
        String node = Json.text(binding.path("target"), "name");
        if (node == null || node.isEmpty()) {
            throw ApiException.invalid(type, name, List.of(ApiException.requiredField("target.name")));
        }
        String kind = Json.text(binding.path("target"), "kind");
        if (kind != null && !kind.isEmpty() && !kind.equals("Node")) {
            throw ApiException.invalid(type, name, List.of(ApiException.invalidField("target.kind", kind,
                    "must be empty or Node")));
        }
        String uid = Json.text(binding.path("metadata"), "uid");
        UnaryOperator<ObjectNode> assign = pod -> {
            String current = Json.text(pod.path("spec"), "nodeName");
            if (current != null && !current.isEmpty()) {
                throw ApiException.conflict(type, name, "pod " + name + " is already assigned to node \"" + current
                        + "\"");
            }
            if (pod.path("metadata").has("deletionTimestamp")) {
                throw ApiException.conflict(type, name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            if (uid != null && !uid.isEmpty() && !uid.equals(Json.text(pod.path("metadata"), "uid"))) {
                throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: " + uid);
            }
            Json.child(pod, "spec").put("nodeName", node);
            markScheduled(Json.child(pod, "status"));
            return pod;
        };
        if (dryRun) {
            store.preview(type, ns, name, null, assign);
        } else {
            store.update(type, ns, name, null, assign);
        }
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1").put("status", "Success").put("code", 201);
        status.putObject("metadata");
        return status;
    }

    /** As Kubernetes' binding: the pod's PodScheduled condition becomes True (replacing an Unschedulable one). */
    private void markScheduled(ObjectNode status) {
        ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
                ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if ("PodScheduled".equals(Json.text(conditions.get(i), "type"))) {
                conditions.remove(i);
            }
        }
        conditions.addObject().put("type", "PodScheduled").put("status", "True")
                .putNull("lastProbeTime").put("lastTransitionTime", ObjectLifecycle.timestamp(clock.instant()));
    }

    /** {@code dryRun=All}: every check runs, nothing is written. */
    private static boolean dryRun(Map<String, String> query) {
        String v = query.get("dryRun");
        if (v == null || v.isEmpty()) {
            return false;
        }
        if (!v.equals("All")) {
            throw ApiException.badRequest("Invalid dry run value: " + v + " (supported: All)");
        }
        return true;
    }

    /**
     * PATCH: the patch applied to the current object, then treated like a PUT of the result
     * (validation, server-owned metadata, status vs spec). A resourceVersion the patch sets is a
     * precondition, as in Kubernetes.
     */
    private Response patch(ResourceType type, String ns, String name, String sub, String media, byte[] body,
            FieldValidation.Mode mode, boolean dryRun, OwnedWrite write) {
        List<String> warnings = new ArrayList<>();
        boolean status = writesStatus(sub);
        UnaryOperator<ObjectNode> decode = old -> {
            warnings.clear();
            ObjectNode patched = write.isApply() ? write.merge(old) : Patches.apply(type, media, old, body);
            String wanted = Json.text(patched.path("metadata"), "resourceVersion");
            String actual = Json.text(old.path("metadata"), "resourceVersion");
            if (wanted != null && !wanted.isEmpty() && !wanted.equals(actual)) {
                throw ApiException.conflict(type, name, "the object has been modified; please apply your changes"
                        + " to the latest version and try again");
            }
            return FieldValidation.decode(type, Json.bytes(patched), mode, warnings);
        };
        if (!status && isService(type)) {
            ServiceAllocator.Attempt attempt = services.newAttempt();
            UnaryOperator<ObjectNode> change = recorded(write, serviceChange(type, decode, attempt, dryRun));
            ObjectNode result = dryRun ? store.preview(type, ns, name, null, change)
                    : deletion.finishIfDone(type, ns, name,
                            writeService(attempt, () -> store.update(type, ns, name, null, change)));
            return new Response(200, result, List.copyOf(warnings));
        }
        UnaryOperator<ObjectNode> change = recorded(write, old -> {
            ObjectNode decoded = decode.apply(old);
            return status ? lifecycle.prepareStatusUpdate(type, old, decoded)
                    : lifecycle.prepareUpdate(type, old, decoded);
        });
        ObjectNode result = dryRun ? store.preview(type, ns, name, null, change)
                : deletion.finishIfDone(type, ns, name, store.update(type, ns, name, null, change));
        return new Response(200, result, List.copyOf(warnings));
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
