package io.podyard.api.patch;

import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 7386 JSON Merge Patch ({@code application/merge-patch+json}): objects merge member by member,
 * a null member deletes, and anything else — arrays included — replaces what was there. It cannot
 * fail. A patch for a whole resource must be an object; that check (400 in Kubernetes) is the API
 * server's, since the RFC itself allows any value.
 */
public final class MergePatch {
    private MergePatch() {}

    /** The result of applying {@code patch} to {@code document}; neither is changed. */
    public static JsonNode apply(JsonNode document, JsonNode patch) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(patch, "patch");
        return merge(document.deepCopy(), patch);
    }

    /** Merges into {@code target}, which this class owns and may change; null means absent. */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target instanceof ObjectNode object ? object : JsonValues.object();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), merge(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }
}
