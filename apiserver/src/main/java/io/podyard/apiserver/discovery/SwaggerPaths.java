package io.podyard.apiserver.discovery;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v3 paths of every group version as Swagger 2.0 {@code paths}: the same operations with
 * their Kubernetes extensions, a parameter's {@code schema.type} moved up to {@code type}. kubectl
 * 1.20 looks here before {@code diff} and {@code --dry-run=server}: a kind is dry-runnable when
 * its patch operation takes a {@code dryRun} query parameter.
 */
final class SwaggerPaths {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private SwaggerPaths() {}

    /** Every document's paths, sorted. */
    static ObjectNode of(Iterable<ObjectNode> v3Documents) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (ObjectNode doc : v3Documents) {
            doc.path("paths").properties().forEach(e -> sorted.putIfAbsent(e.getKey(), e.getValue()));
        }
        ObjectNode paths = MAPPER.createObjectNode();
        sorted.forEach((path, item) -> {
            ObjectNode operations = paths.putObject(path);
            item.properties().forEach(e -> operations.set(e.getKey(), operation(e.getValue())));
        });
        return paths;
    }

    static ObjectNode operation(JsonNode v3) {
        ObjectNode out = (ObjectNode) v3.deepCopy();
        if (out.get("parameters") instanceof ArrayNode parameters) {
            for (JsonNode p : parameters) {
                if (p instanceof ObjectNode parameter && parameter.remove("schema") instanceof JsonNode schema) {
                    parameter.put("type", schema.path("type").asString("string"));
                }
            }
        }
        return out;
    }
}
