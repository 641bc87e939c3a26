package io.podyard.api.table;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Reading a Kubernetes object's JSON the way Go reads its typed struct: an absent or null field is
 * the zero value ("", 0, false, zero time), so printers need no null checks.
 */
final class Fields {
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private Fields() {}

    static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            current = current.path(field);
        }
        return current;
    }

    /** Whether the field is there and not null, as a Go pointer field is non-nil. */
    static boolean present(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return !value.isMissingNode() && !value.isNull();
    }

    static String text(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isString() ? value.asString() : "";
    }

    static long integer(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isIntegralNumber() ? value.asLong() : 0;
    }

    static boolean bool(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isBoolean() && value.asBoolean();
    }

    /** Entries of a list or map field; 0 when absent. */
    static int size(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isArray() || value.isObject() ? value.size() : 0;
    }

    /** A string map such as labels or a selector, sorted by key; absent reads as empty. */
    static Map<String, String> stringMap(JsonNode node, String... path) {
        Map<String, String> map = new TreeMap<>();
        JsonNode value = at(node, path);
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                map.put(entry.getKey(), scalar(entry.getValue()));
            }
        }
        return map;
    }

    /**
     * A resource.Quantity in canonical form; "0" when absent, as Go's zero Quantity prints. JSON
     * numbers count too: Kubernetes accepts {@code cpu: 1} as readily as {@code cpu: "1"}.
     */
    static String quantity(JsonNode node, String... path) {
        String text = scalar(at(node, path));
        return text.isEmpty() ? "0" : Quantities.canonical(text);
    }

    private static String scalar(JsonNode value) {
        return value.isString() || value.isNumber() ? value.asString() : "";
    }

    /** A metav1.Time or MicroTime; null for absent, unparseable or Go's zero time. */
    static Instant time(JsonNode node, String... path) {
        String text = text(node, path);
        if (text.isEmpty()) {
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            return instant.equals(GO_ZERO_TIME) ? null : instant;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String name(JsonNode object) {
        return text(object, "metadata", "name");
    }

    /** translateTimestampSince: how long ago, or {@code <unknown>} for a zero time. */
    static String since(Instant time, Instant now) {
        return time == null ? "<unknown>" : HumanDuration.format(Duration.between(time, now));
    }

    static String age(JsonNode object, Instant now) {
        return since(time(object, "metadata", "creationTimestamp"), now);
    }
}
