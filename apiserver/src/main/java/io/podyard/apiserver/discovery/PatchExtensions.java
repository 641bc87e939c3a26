package io.podyard.apiserver.discovery;

import io.podyard.api.patch.PatchSchema;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the strategic merge patch tags of the built-in kinds ({@link PatchSchema}) into their
 * OpenAPI schemas as Kubernetes publishes them: {@code x-kubernetes-patch-strategy} ({@code merge},
 * {@code replace}, {@code retainKeys}, or {@code merge,retainKeys}) and {@code x-kubernetes-patch-merge-key}
 * on the field's own schema. {@code kubectl apply} reads them to compute its three-way patch (it merges
 * lists such as containers by name instead of replacing them), so they must say what the server does.
 */
final class PatchExtensions {
    static final String STRATEGY = "x-kubernetes-patch-strategy";
    static final String MERGE_KEY = "x-kubernetes-patch-merge-key";

    private final ObjectNode schemas;

    /** @param schemas a document's components.schemas */
    PatchExtensions(ObjectNode schemas) {
        this.schemas = schemas;
    }

    /** Tags the fields below schema {@code name} that {@code patch} names, following references. */
    void tag(String name, PatchSchema patch) {
        JsonNode schema = schemas.path(name);
        JsonNode properties = schema.path("properties");
        for (Map.Entry<String, PatchSchema.Field> e : patch.fields().entrySet()) {
            if (!(properties.get(e.getKey()) instanceof ObjectNode property)) {
                continue;
            }
            PatchSchema.Field field = e.getValue();
            strategy(field).ifPresent(s -> property.put(STRATEGY, s));
            if (field.mergeKey() != null) {
                property.put(MERGE_KEY, field.mergeKey());
            }
            JsonNode target = property.path("type").asString("").equals("array") ? property.path("items") : property;
            ModelSchemas.referenced(target).ifPresent(type -> tag(type, field.schema()));
        }
    }

    /** The tag's text, as in the {@code patchStrategy} struct tag; empty for an untagged field. */
    static Optional<String> strategy(PatchSchema.Field field) {
        String base = switch (field.strategy()) {
            case MERGE -> "merge";
            case REPLACE -> "replace";
            case DEFAULT -> "";
        };
        String tag = field.retainKeys() ? (base.isEmpty() ? "retainKeys" : base + ",retainKeys") : base;
        return tag.isEmpty() ? Optional.empty() : Optional.of(tag);
    }
}
