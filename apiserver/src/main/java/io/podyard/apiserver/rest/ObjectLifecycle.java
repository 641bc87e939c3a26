package io.podyard.apiserver.rest;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.podyard.api.defaults.Defaults;
import io.podyard.api.resource.ResourceType;
import io.podyard.api.validation.FieldError;
import io.podyard.api.validation.ObjectValidation;
import io.podyard.api.validation.Names;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the API server itself sets and guards in an object's metadata on create and update, as
 * Kubernetes' generic registry does: identity (uid, name from generateName), timestamps,
 * generation, and which parts a write to the main resource or to /status may change.
 */
public final class ObjectLifecycle {
    // Kubernetes' generateName alphabet: no vowels, no look-alikes.
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int SUFFIX = 5;

    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();

    public ObjectLifecycle(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Readies a new object: checks its type and namespace against the request, picks its name,
     * stamps uid, creationTimestamp and generation, and drops what a create may not set.
     */
    public ObjectNode prepareCreate(ResourceType type, String namespace, ObjectNode object) {
        checkTypeMeta(type, object);
        ObjectNode meta = Json.child(object, "metadata");
        if (type.namespaced()) {
            String given = Json.text(meta, "namespace");
            if (given != null && !given.isEmpty() && !given.equals(namespace)) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace"
                        + " sent on the request");
            }
            meta.put("namespace", namespace);
        } else {
            meta.remove("namespace");
        }
        String name = Json.text(meta, "name");
        if (name == null || name.isEmpty()) {
            String generate = Json.text(meta, "generateName");
            if (generate == null || generate.isEmpty()) {
                throw ApiException.invalid(type, "", List.of(ApiException.requiredField("metadata.name")));
            }
            name = generate + suffix();
            meta.put("name", name);
        }
        validateName(type, name);
        if (Json.text(meta, "resourceVersion") != null && !Json.text(meta, "resourceVersion").isEmpty()) {
            throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
        }
        meta.remove("resourceVersion");
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", timestamp(clock.instant()));
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        if (tracksGeneration(type)) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        if (type.hasSubresource("status") && !type.kind().equals("Node")) {
            // Status is the controllers' and nodes' to write, through /status. A Node is the exception,
            // as in Kubernetes: the kubelet registers it with its capacity and conditions in one create.
            object.remove("status");
        }
        if (type.kind().equals("Namespace")) {
            object.putObject("status").put("phase", "Active");
        }
        if (type.kind().equals("Pod")) {
            // As Kubernetes' pod strategy: a new pod is Pending, with the QoS class its resources give it.
            object.putObject("status").put("phase", "Pending").put("qosClass", QosClass.of(object.path("spec")));
        }
        foldStringData(type, object);
        defaultAndValidate(type, name, object);
        return object;
    }

    /** Kubernetes' defaults, then its validation: 422 Invalid with a cause per bad field. */
    private static void defaultAndValidate(ResourceType type, String name, ObjectNode object) {
        Defaults.apply(type.kind(), object);
        List<FieldError> errors = ObjectValidation.validate(type.kind(), object);
        if (!errors.isEmpty()) {
            List<StatusCause> causes = new ArrayList<>();
            for (FieldError e : errors) {
                causes.add(new StatusCauseBuilder().withField(e.field()).withReason(e.reason())
                        .withMessage(e.message()).build());
            }
            throw ApiException.invalid(type, name, causes);
        }
    }

    /**
     * The object a write to the main resource stores: the new object, but with the metadata the
     * server owns carried over, status kept from {@code old} when status is its own subresource,
     * and generation bumped when the spec changed.
     */
    public ObjectNode prepareUpdate(ResourceType type, ObjectNode old, ObjectNode updated) {
        checkTypeMeta(type, updated);
        ObjectNode oldMeta = Json.child(old, "metadata");
        ObjectNode meta = Json.child(updated, "metadata");
        String name = Json.text(oldMeta, "name");
        String given = Json.text(meta, "name");
        if (given != null && !given.isEmpty() && !given.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + given + ") does not match the name on the URL ("
                    + name + ")");
        }
        for (String owned : new String[] {"name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds", "generation", "resourceVersion"}) {
            copy(oldMeta, meta, owned);
        }
        if (type.hasSubresource("status")) {
            copy(old, updated, "status");
        }
        foldStringData(type, updated);
        // Defaults first: the stored spec has them, so comparing before would see a change that is not one.
        defaultAndValidate(type, name, updated);
        if (tracksGeneration(type) && !Json.sameJson(old.get("spec"), updated.get("spec"))) {
            meta.put("generation", oldMeta.path("generation").asLong(0) + 1);
        }
        return updated;
    }

    /**
     * A Secret's stringData is a write-only convenience: each entry becomes a base64 entry of data
     * (overriding one of the same key) and stringData itself is never stored, as in Kubernetes.
     */
    private static void foldStringData(ResourceType type, ObjectNode object) {
        if (!type.kind().equals("Secret")) {
            return;
        }
        if (!(object.remove("stringData") instanceof ObjectNode strings)) {
            return;
        }
        ObjectNode data = Json.child(object, "data");
        for (var e : strings.properties()) {
            data.put(e.getKey(), Base64.getEncoder().encodeToString(
                    e.getValue().asString("").getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A write to /status: only status changes; everything else stays as it was. */
    public ObjectNode prepareStatusUpdate(ResourceType type, ObjectNode old, ObjectNode updated) {
        checkTypeMeta(type, updated);
        ObjectNode result = old.deepCopy();
        JsonNode status = updated.get("status");
        if (status == null) {
            result.remove("status");
        } else {
            result.set("status", status);
        }
        return result;
    }

    private static void checkTypeMeta(ResourceType type, ObjectNode object) {
        String apiVersion = Json.text(object, "apiVersion");
        String kind = Json.text(object, "kind");
        if (apiVersion != null && !apiVersion.equals(type.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        if (kind != null && !kind.equals(type.kind())) {
            throw ApiException.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + type.kind() + ")");
        }
        object.put("apiVersion", type.apiVersion());
        object.put("kind", type.kind());
    }

    /** Kubernetes checks names per kind: namespaces are labels, services DNS-1035 labels, the rest subdomains. */
    static void validateName(ResourceType type, String name) {
        List<String> errors = switch (type.kind()) {
            case "Namespace" -> Names.dns1123Label(name);
            case "Service" -> Names.dns1035Label(name);
            default -> Names.dns1123Subdomain(name);
        };
        if (!errors.isEmpty()) {
            List<StatusCause> causes = new ArrayList<>();
            for (String e : errors) {
                causes.add(ApiException.invalidField("metadata.name", name, e));
            }
            throw ApiException.invalid(type, name, causes);
        }
    }

    private static boolean tracksGeneration(ResourceType type) {
        return type.group().equals("apps") || type.group().equals("batch");
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value == null) {
            to.remove(field);
        } else {
            to.set(field, value.deepCopy());
        }
    }

    private String suffix() {
        StringBuilder sb = new StringBuilder(SUFFIX);
        for (int i = 0; i < SUFFIX; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** RFC 3339 with second precision, as Kubernetes' metav1.Time serializes. */
    public static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
