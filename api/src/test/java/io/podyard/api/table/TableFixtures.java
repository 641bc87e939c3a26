package io.podyard.api.table;

import io.podyard.api.resource.BuiltinResources;
import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Objects written as relaxed JSON, a fixed clock, and a row's cells read back as Java values. */
final class TableFixtures {
    /** The clock of every table test; objects are dated relative to it. */
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .build();
    static final ResourceRegistry REGISTRY = BuiltinResources.registry();

    private TableFixtures() {}

    /** {@code {metadata:{name:'web'}}}: single quotes and bare field names. */
    static ObjectNode json(String relaxed) {
        return (ObjectNode) MAPPER.readTree(relaxed);
    }

    /** A time {@code duration} before {@link #NOW}, e.g. {@code ago("5m")} or {@code ago("2d3h")}, in RFC 3339. */
    static String ago(String duration) {
        String upper = duration.toUpperCase();
        int days = upper.indexOf('D');
        String iso = days < 0 ? "PT" + upper
                : "P" + upper.substring(0, days + 1) + (days + 1 < upper.length() ? "T" + upper.substring(days + 1) : "");
        return NOW.minus(java.time.Duration.parse(iso)).toString();
    }

    static ResourceType type(String apiVersion, String kind) {
        return REGISTRY.byKind(apiVersion, kind).orElseThrow();
    }

    /** The cells of the one row printed for {@code object}. */
    static List<Object> cells(String apiVersion, String kind, ObjectNode object) {
        ObjectNode table = Tables.table(type(apiVersion, kind), List.of(object), NOW, IncludeObject.NONE, null, null);
        List<Object> cells = new ArrayList<>();
        for (JsonNode cell : table.get("rows").get(0).get("cells")) {
            cells.add(cell.isString() ? cell.asString() : cell.isBoolean() ? (Object) cell.asBoolean() : cell.asLong());
        }
        return cells;
    }

    /** Column names with wide ones marked, e.g. {@code "IP*"}, to compare a table's header at a glance. */
    static List<String> header(ObjectNode table) {
        List<String> names = new ArrayList<>();
        for (JsonNode column : table.get("columnDefinitions")) {
            names.add(column.get("name").asString() + (column.get("priority").asInt() == 1 ? "*" : ""));
        }
        return names;
    }

    static List<String> header(String apiVersion, String kind) {
        return header(Tables.table(type(apiVersion, kind), List.of(), NOW, IncludeObject.NONE, null, null));
    }
}
