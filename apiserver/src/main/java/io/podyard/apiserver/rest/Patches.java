package io.podyard.apiserver.rest;

import io.podyard.api.patch.JsonPatch;
import io.podyard.api.patch.MergePatch;
import io.podyard.api.patch.PatchException;
import io.podyard.api.patch.PatchSchemas;
import io.podyard.api.patch.StrategicMergePatch;
import io.podyard.api.resource.ResourceType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The PATCH media types Kubernetes accepts, applied to an object's JSON. */
final class Patches {
    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch+yaml";

    private Patches() {}

    /** The media type of a PATCH request, checked before anything is read or changed. */
    static String mediaType(String contentType) {
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
        return switch (media) {
            case JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH -> media;
            case "application/apply-patch+cbor" -> throw ApiException.unsupportedPatch(
                    "server-side apply as CBOR is not supported; send " + APPLY_PATCH);
            default -> throw ApiException.unsupportedPatch("the body of the request was in an unknown format -"
                    + " accepted media types include: " + JSON_PATCH + ", " + MERGE_PATCH + ", "
                    + STRATEGIC_MERGE_PATCH + ", " + APPLY_PATCH);
        };
    }

    private static JsonNode requireObject(JsonNode patch) {
        if (!patch.isObject()) {
            throw ApiException.badRequest("a merge patch must be a JSON object");
        }
        return patch;
    }

    /** {@code current} with the patch in {@code body} applied, as a new object. */
    static ObjectNode apply(ResourceType type, String media, ObjectNode current, byte[] body) {
        JsonNode patch;
        try {
            patch = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the patch is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode result;
        try {
            result = switch (media) {
                case JSON_PATCH -> JsonPatch.apply(current, patch);
                case MERGE_PATCH -> MergePatch.apply(current, requireObject(patch));
                default -> StrategicMergePatch.apply(current, requireObject(patch),
                        PatchSchemas.forKind(type.apiVersion(), type.kind()).orElseThrow(() ->
                                ApiException.unsupportedPatch("strategic merge patch is not supported for "
                                        + type.qualifiedName() + "; use a merge or JSON patch")));
            };
        } catch (PatchException e) {
            throw e.malformed() ? ApiException.badRequest(e.getMessage())
                    : ApiException.unprocessable(e.getMessage());
        }
        if (!(result instanceof ObjectNode object)) {
            throw ApiException.unprocessable("the patch did not leave an object");
        }
        return object;
    }
}
