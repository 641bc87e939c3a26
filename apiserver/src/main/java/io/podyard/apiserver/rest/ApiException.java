package io.podyard.apiserver.rest;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.podyard.api.resource.ResourceType;
import java.util.List;

/**
 * A request that failed the way Kubernetes fails it: an HTTP code, a machine-readable reason and a
 * message, sent as a {@code Status} object. Every error the API returns goes through here.
 */
public final class ApiException extends RuntimeException {
    private final int code;
    private final String reason;
    private final String name;
    private final String group;
    private final String kind;
    private final List<StatusCause> causes;

    private ApiException(int code, String reason, String message, String name, String group, String kind,
            List<StatusCause> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.name = name;
        this.group = group;
        this.kind = kind;
        this.causes = List.copyOf(causes);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Status toStatus() {
        StatusBuilder b = new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
                .withStatus("Failure").withMessage(getMessage()).withReason(reason).withCode(code);
        if (name != null || kind != null || !causes.isEmpty()) {
            b.withNewDetails().withName(name).withGroup(group == null || group.isEmpty() ? null : group)
                    .withKind(kind).withCauses(causes.isEmpty() ? null : causes).endDetails();
        }
        return b.build();
    }

    private static ApiException of(int code, String reason, String message) {
        return new ApiException(code, reason, message, null, null, null, List.of());
    }

    public static ApiException notFound(ResourceType type, String name) {
        return new ApiException(404, "NotFound", type.qualifiedName() + " \"" + name + "\" not found", name,
                type.group(), type.plural(), List.of());
    }

    public static ApiException notFound(String message) {
        return of(404, "NotFound", message);
    }

    public static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(409, "AlreadyExists", type.qualifiedName() + " \"" + name + "\" already exists",
                name, type.group(), type.plural(), List.of());
    }

    public static ApiException conflict(ResourceType type, String name, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedName() + " \""
                + name + "\": " + why, name, type.group(), type.plural(), List.of());
    }

    /** 409 for a server-side apply that would take fields other managers own, a cause per field, as Kubernetes. */
    public static ApiException applyConflict(io.podyard.api.apply.ApplyConflict conflict) {
        List<StatusCause> causes = conflict.conflicts().stream().map(c -> new StatusCauseBuilder()
                .withReason("FieldManagerConflict").withMessage("conflict with " + c.manager()).withField(c.path())
                .build()).toList();
        return new ApiException(409, "Conflict", conflict.getMessage(), null, null, null, causes);
    }

    /** 422: the object is well-formed but not valid; one cause per bad field. */
    public static ApiException invalid(ResourceType type, String name, List<StatusCause> causes) {
        StringBuilder message = new StringBuilder(type.kind() + " \"" + name + "\" is invalid: ");
        for (int i = 0; i < causes.size(); i++) {
            if (i > 0) {
                message.append(", ");
            }
            message.append(causes.get(i).getField()).append(": ").append(causes.get(i).getMessage());
        }
        if (causes.size() > 1) {
            message.insert(message.indexOf(": ") + 2, "[").append(']');
        }
        return new ApiException(422, "Invalid", message.toString(), name, type.group(), type.kind(), causes);
    }

    /** One field's problem, in Kubernetes' words: {@code Invalid value: "x": why}. */
    public static StatusCause invalidField(String field, Object value, String why) {
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return new StatusCauseBuilder().withReason("FieldValueInvalid").withField(field)
                .withMessage("Invalid value: " + shown + ": " + why).build();
    }

    public static StatusCause requiredField(String field) {
        return new StatusCauseBuilder().withReason("FieldValueRequired").withField(field)
                .withMessage("Required value").build();
    }

    public static ApiException badRequest(String message) {
        return of(400, "BadRequest", message);
    }

    public static ApiException unauthorized() {
        return of(401, "Unauthorized", "Unauthorized");
    }

    public static ApiException forbidden(String message) {
        return of(403, "Forbidden", message);
    }

    public static ApiException methodNotAllowed(String method) {
        return of(405, "MethodNotAllowed", "the server does not allow this method on the requested resource ("
                + method + ")");
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return of(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media"
                + " types include: application/json" + (contentType == null ? "" : " (got " + contentType + ")"));
    }

    /** 406: the client accepts no media type this response can be written in. */
    public static ApiException notAcceptable(String what) {
        return of(406, "NotAcceptable", "only the following media types are accepted: application/json, application/yaml"
                + (what == null ? "" : " (" + what + " has no application/vnd.kubernetes.protobuf form here)"));
    }

    /** 415 for a PATCH whose media type is not one Podyard applies. */
    public static ApiException unsupportedPatch(String message) {
        return of(415, "UnsupportedMediaType", message);
    }

    /** 422 without field causes: a well-formed request that cannot be applied (e.g. a failed JSON patch test). */
    public static ApiException unprocessable(String message) {
        return of(422, "Invalid", message);
    }

    /** 410: the resource version asked for is older than the history still kept. */
    public static ApiException expired(String message) {
        return of(410, "Expired", message);
    }

    public static ApiException gone(String message) {
        return of(410, "Gone", message);
    }

    public static ApiException tooLarge(String message) {
        return of(413, "RequestEntityTooLarge", message);
    }

    public static ApiException internal(String message) {
        return of(500, "InternalError", message);
    }

    public static ApiException unavailable(String message) {
        return of(503, "ServiceUnavailable", message);
    }
}
