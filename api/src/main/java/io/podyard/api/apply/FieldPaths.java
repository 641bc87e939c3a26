package io.podyard.api.apply;

import io.podyard.api.patch.PatchSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The owned paths of an object and their values, as structured-merge-diff's {@code ToFieldSet} walks
 * it: scalars, atomic lists, nulls and empty objects are leaves; each item of a keyed list is a member
 * itself, as is each member of a set list. Objects with fields are not members, only their fields.
 */
final class FieldPaths {
    /** The value recorded for a keyed list item: items compare through their fields, never as a whole. */
    static final JsonNode ITEM = JsonNodeFactory.instance.stringNode("\u0000item");

    private FieldPaths() {}

    /** How a list merges, read from the patch tags of the field holding it. */
    enum ListKind { ATOMIC, KEYED, SET }

    static ListKind listKind(PatchSchema.Field field) {
        if (field.strategy() != PatchSchema.Strategy.MERGE) {
            return ListKind.ATOMIC;
        }
        return field.mergeKey() == null ? ListKind.SET : ListKind.KEYED;
    }

    /**
     * Every owned path of {@code object} with its value. With {@code strict}, an item of a keyed list
     * without its key is an error (an applied configuration must name its items); otherwise it is
     * addressed by index.
     */
    static Map<FieldPath, JsonNode> leaves(JsonNode object, PatchSchema schema, boolean strict) {
        Map<FieldPath, JsonNode> out = new LinkedHashMap<>();
        if (object instanceof ObjectNode o) {
            walkObject(o, schema, FieldPath.ROOT, out, strict);
        }
        return out;
    }

    private static void walkObject(ObjectNode object, PatchSchema schema, FieldPath path, Map<FieldPath, JsonNode> out,
            boolean strict) {
        if (object.isEmpty()) {
            if (path.size() > 0) {
                out.put(path, object);
            }
            return;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            FieldPath child = path.child(new PathElement.Field(e.getKey()));
            PatchSchema.Field field = schema.field(e.getKey());
            JsonNode value = e.getValue();
            if (value instanceof ObjectNode o) {
                walkObject(o, field.schema(), child, out, strict);
            } else if (value instanceof ArrayNode list && listKind(field) != ListKind.ATOMIC) {
                walkList(list, field, child, out, strict);
            } else {
                out.put(child, value);
            }
        }
    }

    private static void walkList(ArrayNode list, PatchSchema.Field field, FieldPath path, Map<FieldPath, JsonNode> out,
            boolean strict) {
        if (listKind(field) == ListKind.SET) {
            for (JsonNode item : list) {
                out.put(path.child(new PathElement.Value(item)), item);
            }
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            PathElement element = itemKey(item, field.mergeKey());
            if (element == null) {
                if (strict) {
                    throw new IllegalArgumentException("associative list with keys has an element that omits key field \""
                            + field.mergeKey() + "\" at " + path);
                }
                element = new PathElement.Index(i);
            }
            FieldPath itemPath = path.child(element);
            out.put(itemPath, ITEM);
            if (item instanceof ObjectNode o && !o.isEmpty()) {
                walkObject(o, field.schema(), itemPath, out, strict);
            }
        }
    }

    /**
     * Keys that Kubernetes' {@code x-kubernetes-list-map-keys} add to a patch merge key, with the
     * default a missing one takes: ports are keyed by number and protocol (TCP unless given), spread
     * constraints by topology key and whenUnsatisfiable.
     */
    private static final Map<String, Map<String, JsonNode>> MORE_KEYS = Map.of(
            "containerPort", Map.of("protocol", JsonNodeFactory.instance.stringNode("TCP")),
            "port", Map.of("protocol", JsonNodeFactory.instance.stringNode("TCP")),
            "topologyKey", Map.of("whenUnsatisfiable", JsonNodeFactory.instance.nullNode()));

    /** The {@code k:} element of a keyed list item (keys sorted), or null if it lacks a key. */
    static PathElement.Key itemKey(JsonNode item, String mergeKey) {
        JsonNode key = item.get(mergeKey);
        if (key == null || key.isNull() || key.isContainer()) {
            return null;
        }
        ObjectNode keys = JsonNodeFactory.instance.objectNode();
        keys.set(mergeKey, key);
        for (Map.Entry<String, JsonNode> more : MORE_KEYS.getOrDefault(mergeKey, Map.of()).entrySet()) {
            JsonNode value = item.get(more.getKey());
            value = value == null || value.isNull() ? more.getValue() : value;
            if (value.isNull() || value.isContainer()) {
                return null;
            }
            keys.set(more.getKey(), value);
        }
        return new PathElement.Key(sorted(keys));
    }

    static ObjectNode sorted(ObjectNode keys) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        TreeMap<String, JsonNode> byName = new TreeMap<>();
        keys.properties().forEach(e -> byName.put(e.getKey(), e.getValue()));
        byName.forEach(out::set);
        return out;
    }

    /** The paths of {@code set} ordered so that shallower paths come first: an item goes before its fields. */
    static List<FieldPath> shallowestFirst(Iterable<FieldPath> set) {
        List<FieldPath> out = new ArrayList<>();
        set.forEach(out::add);
        out.sort((a, b) -> Integer.compare(a.size(), b.size()));
        return out;
    }
}
