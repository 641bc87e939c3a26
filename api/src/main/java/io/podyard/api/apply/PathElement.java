package io.podyard.api.apply;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One step of a {@link FieldPath}: a field of an object, a keyed list item, a set member or an index. */
public sealed interface PathElement {
    JsonMapper JSON = JsonMapper.builder().build();

    /** The key of this step in a {@code fieldsV1} object: {@code f:name}, {@code k:{...}}, {@code v:...}, {@code i:0}. */
    String fieldsV1Key();

    /** A field of an object ({@code f:name}, printed {@code .name}). */
    record Field(String name) implements PathElement {
        @Override
        public String fieldsV1Key() {
            return "f:" + name;
        }

        @Override
        public String toString() {
            return "." + name;
        }
    }

    /** An item of a list keyed by merge key ({@code k:{"name":"x"}}, printed {@code [name="x"]}); keys sorted. */
    record Key(ObjectNode keys) implements PathElement {
        @Override
        public String fieldsV1Key() {
            return "k:" + JSON.writeValueAsString(keys);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("[");
            for (Map.Entry<String, JsonNode> e : keys.properties()) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(e.getKey()).append('=').append(JSON.writeValueAsString(e.getValue()));
            }
            return sb.append(']').toString();
        }
    }

    /** A member of a set list ({@code v:"x"}, printed {@code [="x"]}). */
    record Value(JsonNode value) implements PathElement {
        @Override
        public String fieldsV1Key() {
            return "v:" + JSON.writeValueAsString(value);
        }

        @Override
        public String toString() {
            return "[=" + JSON.writeValueAsString(value) + "]";
        }
    }

    /** An item of a list without keys, by position ({@code i:0}, printed {@code [0]}). */
    record Index(int index) implements PathElement {
        @Override
        public String fieldsV1Key() {
            return "i:" + index;
        }

        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    /** Parses a {@code fieldsV1} key, or throws IllegalArgumentException. */
    static PathElement parse(String key) {
        if (key.length() < 2 || key.charAt(1) != ':') {
            throw new IllegalArgumentException("unknown fieldsV1 key " + key);
        }
        String rest = key.substring(2);
        return switch (key.charAt(0)) {
            case 'f' -> new Field(rest);
            case 'k' -> {
                if (!(JSON.readTree(rest) instanceof ObjectNode keys)) {
                    throw new IllegalArgumentException("a k: key must be a JSON object: " + key);
                }
                yield new Key(FieldPaths.sorted(keys));
            }
            case 'v' -> new Value(JSON.readTree(rest));
            case 'i' -> new Index(Integer.parseInt(rest));
            default -> throw new IllegalArgumentException("unknown fieldsV1 key " + key);
        };
    }
}
