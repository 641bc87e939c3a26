package io.podyard.apiserver.discovery;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v3 schemas of every group version as one set of Swagger 2.0 {@code definitions}, in
 * the shape Kubernetes 1.20 served them, which is the shape kubectl 1.20's parser accepts:
 * <ul>
 *   <li>a struct has {@code properties} and no {@code type} (that parser reads {@code type: object} as
 *       a map and refuses one without {@code additionalProperties});</li>
 *   <li>a map is {@code type: object} with {@code additionalProperties};</li>
 *   <li>a reference is {@code $ref: #/definitions/NAME}, beside its description;</li>
 *   <li>int-or-string is {@code type: string, format: int-or-string};</li>
 *   <li>a value of any shape (RawExtension, JSON) has neither type nor properties.</li>
 * </ul>
 * Extensions (group-version-kind, patch strategy and merge key) are kept.
 */
final class SwaggerDefinitions {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private SwaggerDefinitions() {}

    /** The definitions of all the documents' schemas, sorted by name (the same name is the same schema). */
    static ObjectNode of(Iterable<ObjectNode> v3Documents) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (ObjectNode doc : v3Documents) {
            doc.path("components").path("schemas").properties().forEach(e -> sorted.putIfAbsent(e.getKey(), e.getValue()));
        }
        ObjectNode definitions = MAPPER.createObjectNode();
        sorted.forEach((name, schema) -> definitions.set(name, convert(schema)));
        return definitions;
    }

    /** One v3 schema in Swagger 2.0's form. */
    static ObjectNode convert(JsonNode v3) {
        ObjectNode out = MAPPER.createObjectNode();
        if (v3.has("description")) {
            out.put("description", v3.get("description").asString());
        }
        Optional<String> ref = ModelSchemas.referenced(v3);
        String type = v3.path("type").asString("");
        if (ref.isPresent()) {
            out.put("$ref", "#/definitions/" + ref.get());
        } else if (v3.path("x-kubernetes-int-or-string").asBoolean(false)) {
            out.put("type", "string").put("format", "int-or-string");
        } else if (type.equals("array")) {
            out.put("type", "array").set("items", convert(v3.path("items")));
        } else if (v3.has("properties")) {
            ObjectNode properties = out.putObject("properties");
            v3.get("properties").properties().forEach(e -> properties.set(e.getKey(), convert(e.getValue())));
            if (v3.has("required")) {
                out.set("required", v3.get("required").deepCopy());
            }
        } else if (v3.has("additionalProperties")) {
            out.put("type", "object").set("additionalProperties", convert(v3.get("additionalProperties")));
        } else if (!type.isEmpty() && !type.equals("object")) {
            out.put("type", type);
            if (v3.has("format")) {
                out.put("format", v3.get("format").asString());
            }
        }
        v3.properties().forEach(e -> {
            if (e.getKey().startsWith("x-kubernetes-") && !e.getKey().equals("x-kubernetes-int-or-string")
                    && !e.getKey().equals("x-kubernetes-preserve-unknown-fields")) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return out;
    }
}
