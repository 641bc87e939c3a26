package io.podyard.apiserver.rest;

import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.storage.ObjectStore;
import java.time.InstantSource;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How an object goes away, as Kubernetes' generic registry decides it: at once, unless finalizers
 * hold it (then it is marked with a deletionTimestamp and goes when the last finalizer is removed),
 * it is a pod bound to a node (then the node gets the grace period to stop it), or it is a
 * namespace (then it turns Terminating and its contents are removed first).
 */
final class Deletion {
    /**
     * Kubernetes' registries that answer a delete with the deleted object ({@code ReturnDeletedObject});
     * every other type answers an immediate delete with a Success Status naming what went.
     */
    private static final Set<String> RETURN_DELETED_OBJECT = Set.of(
            "pods", "services", "serviceaccounts", "persistentvolumes", "persistentvolumeclaims");

    /** Kubernetes' default terminationGracePeriodSeconds. */
    private static final long DEFAULT_GRACE_SECONDS = 30;
    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";

    private final ObjectStore store;
    private final InstantSource clock;
    private final Consumer<String> namespaceTerminating;
    private final Gone gone;

    /** Told of every object this removes from the store (a Service's allocations are freed then). */
    @FunctionalInterface
    interface Gone {
        void removed(ResourceType type, ObjectNode object);
    }

    /** @param namespaceTerminating told the name of each namespace that starts terminating */
    Deletion(ObjectStore store, InstantSource clock, Consumer<String> namespaceTerminating, Gone gone) {
        this.store = store;
        this.clock = clock;
        this.namespaceTerminating = namespaceTerminating;
        this.gone = gone;
    }

    private ObjectNode removed(ResourceType type, ObjectNode object) {
        gone.removed(type, object);
        return object;
    }

    /** What a DELETE answers: the object as it now is when marked, else the object or a Success Status. */
    Object response(ResourceType type, String ns, String name, ObjectNode options) {
        Outcome outcome = remove(type, ns, name, options);
        boolean returnsObject = type.group().isEmpty() && RETURN_DELETED_OBJECT.contains(type.plural());
        return outcome.gone() && !returnsObject ? success(type, outcome.object()) : outcome.object();
    }

    /** Deletes or marks the object; returns it as it now is (or as it was, when gone). */
    ObjectNode delete(ResourceType type, String ns, String name, ObjectNode options) {
        return remove(type, ns, name, options).object();
    }

    private record Outcome(ObjectNode object, boolean gone) {}

    /** Kubernetes' finalizeDelete answer: which object went, by name, group, resource and uid. */
    private static ObjectNode success(ResourceType type, ObjectNode object) {
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        JsonNode meta = object.path("metadata");
        status.putObject("details").put("name", Json.text(meta, "name")).put("group", type.group())
                .put("kind", type.plural()).put("uid", Json.text(meta, "uid"));
        return status;
    }

    private Outcome remove(ResourceType type, String ns, String name, ObjectNode options) {
        ObjectNode current = store.get(type, ns, name).orElseThrow(() -> ApiException.notFound(type, name));
        checkPreconditions(type, name, current, options);
        String expected = Json.text(options.path("preconditions"), "resourceVersion");
        Long grace = options.has("gracePeriodSeconds") && !options.get("gracePeriodSeconds").isNull()
                ? options.get("gracePeriodSeconds").asLong() : null;

        if (type.kind().equals("Namespace")) {
            ObjectNode marked = store.update(type, null, name, expected, ns0 -> {
                mark(ns0, 0);
                Json.child(ns0, "status").put("phase", "Terminating");
                return ns0;
            });
            namespaceTerminating.accept(name);
            return new Outcome(marked, false);
        }
        long seconds = graceSeconds(type, current, grace);
        String policyFinalizer = policyFinalizer(options);
        if (!hasFinalizers(current) && seconds == 0 && policyFinalizer == null) {
            return new Outcome(removed(type, store.delete(type, ns, name, expected)), true);
        }
        ObjectNode marked = store.update(type, ns, name, expected, o -> {
            setPolicyFinalizer(o, policyFinalizer);
            return mark(o, seconds);
        });
        return new Outcome(finishIfDone(type, ns, name, marked), false);
    }

    /**
     * The finalizer a propagation policy puts on the owner, as Kubernetes' API server does: Orphan
     * (or the older orphanDependents=true) → {@code orphan}, Foreground → {@code foregroundDeletion};
     * the garbage collector then orphans or deletes the dependents and removes it. Background → none.
     */
    private static String policyFinalizer(ObjectNode options) {
        String policy = Json.text(options, "propagationPolicy");
        if (policy == null || policy.isEmpty()) {
            JsonNode orphan = options.get("orphanDependents");
            return orphan != null && orphan.asBoolean(false) ? ORPHAN : null;
        }
        return switch (policy) {
            case "Orphan" -> ORPHAN;
            case "Foreground" -> FOREGROUND;
            case "Background" -> null;
            default -> throw ApiException.badRequest("propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        };
    }

    /** Replaces the policy finalizer a previous delete set, so the latest request's policy wins. */
    private static void setPolicyFinalizer(ObjectNode object, String wanted) {
        ObjectNode meta = Json.child(object, "metadata");
        ArrayNode finalizers = meta.has("finalizers") && meta.get("finalizers").isArray()
                ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers");
        for (int i = finalizers.size() - 1; i >= 0; i--) {
            String f = finalizers.get(i).asString();
            if (f.equals(ORPHAN) || f.equals(FOREGROUND)) {
                finalizers.remove(i);
            }
        }
        if (wanted != null) {
            finalizers.add(wanted);
        }
        if (finalizers.isEmpty()) {
            meta.remove("finalizers");
        }
    }

    /**
     * After an update: an object marked for deletion whose finalizers are all gone and whose
     * grace period is over is deleted now. Returns the object as the response should show it.
     */
    ObjectNode finishIfDone(ResourceType type, String ns, String name, ObjectNode updated) {
        JsonNode meta = updated.path("metadata");
        if (!meta.has("deletionTimestamp") || hasFinalizers(updated)
                || meta.path("deletionGracePeriodSeconds").asLong(0) > 0 || type.kind().equals("Namespace")) {
            return updated;
        }
        try {
            return removed(type, store.delete(type, ns, name, Json.text(meta, "resourceVersion")));
        } catch (ApiException e) {
            return updated; // someone else changed or deleted it meanwhile; they will finish it
        }
    }

    private ObjectNode mark(ObjectNode object, long graceSeconds) {
        ObjectNode meta = Json.child(object, "metadata");
        if (!meta.has("deletionTimestamp")) {
            meta.put("deletionTimestamp", ObjectLifecycle.timestamp(clock.instant().plusSeconds(graceSeconds)));
            meta.put("deletionGracePeriodSeconds", graceSeconds);
        }
        return object;
    }

    /**
     * Pods bound to a node get a grace period (from the request, else the pod's own, else 30 s) for
     * the node to stop them; unbound pods and everything else go at once.
     */
    private static long graceSeconds(ResourceType type, ObjectNode object, Long requested) {
        if (!type.kind().equals("Pod") || Json.text(object.path("spec"), "nodeName") == null) {
            return 0;
        }
        if (requested != null) {
            return Math.max(0, requested);
        }
        JsonNode own = object.path("spec").path("terminationGracePeriodSeconds");
        return own.isNumber() ? Math.max(0, own.asLong()) : DEFAULT_GRACE_SECONDS;
    }

    static boolean hasFinalizers(ObjectNode object) {
        JsonNode f = object.path("metadata").path("finalizers");
        return f.isArray() && !f.isEmpty();
    }

    private static void checkPreconditions(ResourceType type, String name, ObjectNode current, ObjectNode options) {
        String uid = Json.text(options.path("preconditions"), "uid");
        String actual = Json.text(current.path("metadata"), "uid");
        if (uid != null && !uid.isEmpty() && !uid.equals(actual)) {
            throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: " + uid
                    + ", UID in object meta: " + actual);
        }
    }
}
