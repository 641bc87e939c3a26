package io.podyard.api.apply;

import io.podyard.api.patch.PatchSchema;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * structured-merge-diff's merge of an applied configuration into a live object: objects merge field
 * by field, keyed lists item by item (live order, new items after), set lists by union, and every other
 * value of the configuration replaces the live one. Also removes owned paths from an object.
 */
final class Merge {
    private Merge() {}

    /** {@code live} with {@code config} merged in, as a new object. */
    static ObjectNode merge(ObjectNode live, ObjectNode config, PatchSchema schema) {
        ObjectNode out = live.deepCopy();
        mergeInto(out, config, schema);
        return out;
    }

    private static void mergeInto(ObjectNode target, ObjectNode config, PatchSchema schema) {
        for (Map.Entry<String, JsonNode> e : config.properties()) {
            String name = e.getKey();
            JsonNode value = e.getValue();
            PatchSchema.Field field = schema.field(name);
            JsonNode current = target.get(name);
            if (value instanceof ObjectNode o && current instanceof ObjectNode c) {
                mergeInto(c, o, field.schema());
            } else if (value instanceof ArrayNode list && current instanceof ArrayNode c
                    && FieldPaths.listKind(field) != FieldPaths.ListKind.ATOMIC) {
                target.set(name, mergeList(c, list, field));
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private static ArrayNode mergeList(ArrayNode live, ArrayNode config, PatchSchema.Field field) {
        ArrayNode out = live.deepCopy();
        for (JsonNode item : config) {
            int at = find(out, item, field);
            if (at < 0) {
                out.add(item.deepCopy());
            } else if (item instanceof ObjectNode o && out.get(at) instanceof ObjectNode c) {
                mergeInto(c, o, field.schema());
            }
        }
        return out;
    }

    /** The index in {@code list} of the item {@code item} addresses (same key, or equal set member), or -1. */
    private static int find(ArrayNode list, JsonNode item, PatchSchema.Field field) {
        PathElement want = FieldPaths.listKind(field) == FieldPaths.ListKind.SET ? new PathElement.Value(item)
                : FieldPaths.itemKey(item, field.mergeKey());
        return want == null ? -1 : indexOf(list, want, field);
    }

    private static int indexOf(ArrayNode list, PathElement element, PatchSchema.Field field) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            boolean match = switch (element) {
                case PathElement.Key k -> k.equals(FieldPaths.itemKey(item, field.mergeKey()));
                case PathElement.Value v -> v.value().equals(item);
                case PathElement.Index idx -> idx.index() == i;
                case PathElement.Field f -> false;
            };
            if (match) {
                return i;
            }
        }
        return -1;
    }

    /** Removes the value at {@code path} from {@code object} in place, if it is there. */
    static void remove(ObjectNode object, FieldPath path, PatchSchema schema) {
        JsonNode node = object;
        PatchSchema.Field field = PatchSchema.Field.nested(schema);
        java.util.List<PathElement> elements = path.elements();
        for (int i = 0; i < elements.size(); i++) {
            PathElement e = elements.get(i);
            boolean last = i == elements.size() - 1;
            if (e instanceof PathElement.Field f) {
                if (!(node instanceof ObjectNode o) || !o.has(f.name())) {
                    return;
                }
                field = field.schema().field(f.name());
                if (last) {
                    o.remove(f.name());
                    return;
                }
                node = o.get(f.name());
            } else {
                if (!(node instanceof ArrayNode list)) {
                    return;
                }
                int at = indexOf(list, e, field);
                if (at < 0) {
                    return;
                }
                if (last) {
                    list.remove(at);
                    return;
                }
                node = list.get(at);
            }
        }
    }
}
