package io.podyard.api.patch;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Equality and construction helpers shared by the three patch types. */
final class JsonValues {
    private JsonValues() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /**
     * JSON equality as RFC 6902 defines it for {@code test}: numbers are equal when their values are
     * (so 1 equals 1.0, which Jackson's own equals denies), objects regardless of member order. Go's
     * decoder turns every number into a float64, so strategic merge keys compare the same way.
     */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** The index of the first element of {@code list} equal to {@code value}, or -1. */
    static int indexOf(Iterable<JsonNode> list, JsonNode value) {
        int i = 0;
        for (JsonNode item : list) {
            if (equal(item, value)) {
                return i;
            }
            i++;
        }
        return -1;
    }
}
