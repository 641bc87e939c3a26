package io.podyard.api.patch;

import io.podyard.api.patch.PatchSchema.Field;
import io.podyard.api.patch.PatchSchema.Strategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' strategic merge patch ({@code application/strategic-merge-patch+json}), as
 * apimachinery's {@code StrategicMergePatch} applies it on the server: a JSON merge patch whose lists
 * merge where the type's {@link PatchSchema} says so, steered by directives:
 *
 * <ul>
 *   <li>{@code $patch: replace} in an object replaces it whole; in a merged list, the list.
 *   <li>{@code $patch: delete} in an object empties it; in an element of a merged list, removes the
 *       element with that merge key.
 *   <li>{@code $patch: merge} in an object is the default, spelled out (Kubernetes itself rejects it).
 *   <li>{@code $retainKeys: [..]} drops the object's fields not listed.
 *   <li>{@code $deleteFromPrimitiveList/<field>: [..]} removes those values from a primitive list.
 *   <li>{@code $setElementOrder/<field>: [..]} orders a merged list.
 * </ul>
 *
 * <p>Where Kubernetes stores a directive or a null verbatim — values added where the document had
 * none, a deletion list for a missing list — this reads the value as a patch onto nothing instead, so
 * no directive ever reaches a stored object. Malformed directives are 400, as in Kubernetes; lists
 * that cannot be merged (a missing merge key in the document, mixed element types) are 422.
 */
public final class StrategicMergePatch {
    static final String DIRECTIVE = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder";

    private StrategicMergePatch() {}

    /** The result of applying {@code patch} to {@code document}, merging lists as {@code schema} says. */
    public static JsonNode apply(JsonNode document, JsonNode patch, PatchSchema schema) {
        Objects.requireNonNull(schema, "schema");
        if (!Objects.requireNonNull(document, "document").isObject()) {
            throw new IllegalArgumentException("the document must be a JSON object");
        }
        if (!Objects.requireNonNull(patch, "patch").isObject()) {
            throw PatchException.malformed("a strategic merge patch must be a JSON object");
        }
        // Both copies belong to this call, so merging may take them apart and reuse their nodes.
        return mergeObject((ObjectNode) document.deepCopy(), (ObjectNode) patch.deepCopy(), schema, "");
    }

    /** Merges {@code patch} into {@code original}; both are owned by the caller and may change. */
    static ObjectNode mergeObject(ObjectNode original, ObjectNode patch, PatchSchema schema, String path) {
        JsonNode directive = patch.remove(DIRECTIVE);
        if (directive != null) {
            switch (directive.asString()) {
                case "replace" -> {
                    return mergeObject(JsonValues.object(), patch, schema, path);
                }
                case "delete" -> {
                    return JsonValues.object();
                }
                case "merge" -> { }
                default -> throw PatchException.malformed(at(path) + "unknown " + DIRECTIVE + " directive "
                        + directive + " in an object; expected replace, delete or merge");
            }
        }
        retainKeys(original, patch, path);
        setElementOrder(original, patch, schema, path);
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String key = member.getKey();
            JsonNode value = member.getValue();
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromList(original, fieldName(key, DELETE_FROM_PRIMITIVE_LIST, path), value, path);
            } else if (value.isNull()) {
                original.remove(key);
            } else {
                original.set(key, merge(original.get(key), value, schema.field(key), child(path, key)));
            }
        }
        return original;
    }

    private static JsonNode merge(JsonNode current, JsonNode value, Field field, String path) {
        if (current instanceof ObjectNode object && value instanceof ObjectNode patch
                && field.strategy() != Strategy.REPLACE) {
            return mergeObject(object, patch, field.schema(), path);
        }
        if (current instanceof ArrayNode list && value instanceof ArrayNode patch) {
            return ListMerge.merge(list, patch, field, path);
        }
        return fresh(value, field, path);
    }

    /** A patch value that lands where nothing compatible was: directives and nulls do not survive. */
    static JsonNode fresh(JsonNode value, Field field, String path) {
        if (value instanceof ObjectNode patch) {
            return mergeObject(JsonValues.object(), patch, field.schema(), path);
        }
        if (value instanceof ArrayNode patch) {
            return ListMerge.merge(JsonValues.array(), patch, field, path);
        }
        return value;
    }

    /** Drops the fields of {@code original} not named in the patch's {@code $retainKeys}. */
    private static void retainKeys(ObjectNode original, ObjectNode patch, String path) {
        JsonNode keys = patch.remove(RETAIN_KEYS);
        if (keys == null) {
            return;
        }
        if (!keys.isArray() || !keys.values().stream().allMatch(JsonNode::isString)) {
            throw PatchException.malformed(at(path) + RETAIN_KEYS + " must be a list of field names, not " + keys);
        }
        Set<String> retained = new HashSet<>();
        keys.forEach(key -> retained.add(key.stringValue()));
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String key = member.getKey();
            boolean directive = key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER);
            if (!directive && !member.getValue().isNull() && !retained.contains(key)) {
                throw PatchException.malformed(at(path) + "field \"" + key + "\" is set by the patch but missing from "
                        + RETAIN_KEYS + " " + keys);
            }
        }
        List<String> dropped = new ArrayList<>(original.propertyNames());
        dropped.removeAll(retained);
        original.remove(dropped);
    }

    /** Merges each list named by a {@code $setElementOrder/<field>} and orders it as listed. */
    private static void setElementOrder(ObjectNode original, ObjectNode patch, PatchSchema schema, String path) {
        for (String key : List.copyOf(patch.propertyNames())) {
            if (!key.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            String name = fieldName(key, SET_ELEMENT_ORDER, path);
            JsonNode order = patch.remove(key);
            JsonNode current = original.get(name);
            JsonNode listPatch = patch.remove(name);
            if (!order.isArray() || (listPatch != null && !listPatch.isArray())) {
                throw PatchException.malformed(at(path) + key + " and " + name + " must both be lists");
            }
            if (current != null && !current.isArray()) {
                throw PatchException.unprocessable(at(path) + key + " orders " + name + ", which is not a list");
            }
            if (current != null || listPatch != null) {
                original.set(name, ListMerge.mergeInOrder((ArrayNode) current, (ArrayNode) listPatch,
                        (ArrayNode) order, schema.field(name), child(path, name)));
            }
        }
    }

    private static void deleteFromList(ObjectNode original, String name, JsonNode values, String path) {
        if (!values.isArray()) {
            throw PatchException.malformed(
                    at(path) + DELETE_FROM_PRIMITIVE_LIST + "/" + name + " must be a list, not " + values);
        }
        // Kubernetes would store the deletion list itself when the list is missing or not merged.
        if (original.get(name) instanceof ArrayNode list) {
            list.removeIf(item -> JsonValues.indexOf(values, item) >= 0);
        }
    }

    /** The field a {@code <prefix>/<field>} directive names. */
    private static String fieldName(String key, String prefix, String path) {
        if (key.indexOf('/') != prefix.length()) {
            throw PatchException.malformed(
                    at(path) + "invalid directive \"" + key + "\"; expected " + prefix + "/<field>");
        }
        return key.substring(prefix.length() + 1);
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String at(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }
}
