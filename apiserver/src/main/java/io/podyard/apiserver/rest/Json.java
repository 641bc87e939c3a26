package io.podyard.apiserver.rest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The API server's one JSON mapper and the conversions requests and storage need. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Json() {}

    /** A request body as a JSON object; malformed JSON or a non-object is a 400. */
    public static ObjectNode parseObject(byte[] body) {
        return parseObject(MAPPER, body);
    }

    static ObjectNode parseObject(JsonMapper parser, byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("the request body is empty; an object is required");
        }
        JsonNode node;
        try {
            node = parser.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        return object;
    }

    /**
     * A YAML request body (one document; JSON is YAML too) as the JSON bytes the rest of the server
     * reads, as Kubernetes accepts {@code application/yaml}; malformed YAML is a 400.
     */
    public static byte[] yamlToJson(byte[] body) {
        JsonNode node;
        try {
            node = YAML.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the request body is not valid YAML: " + e.getOriginalMessage());
        }
        return node == null || node.isMissingNode() ? new byte[0] : bytes(node);
    }

    public static byte[] bytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static ObjectNode readStored(byte[] bytes) {
        return (ObjectNode) MAPPER.readTree(bytes);
    }

    /**
     * Whether two trees hold the same JSON. Jackson's equals also compares how a number is held
     * (30 parsed from text is an int, 30 from a Java long is a long); JSON has only one number.
     */
    public static boolean sameJson(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals((x, y) -> x.isNumber() && y.isNumber()
                ? x.decimalValue().compareTo(y.decimalValue())
                : x.equals(y) ? 0 : 1, b);
    }

    /** The object at {@code node.field}, created empty if missing (or not an object). */
    public static ObjectNode child(ObjectNode node, String field) {
        return node.get(field) instanceof ObjectNode o ? o : node.putObject(field);
    }

    /** A text field, or null when absent, null or not text. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isString() ? v.asString() : null;
    }
}
