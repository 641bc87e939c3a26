package io.podyard.api.patch;

import static io.podyard.api.patch.StrategicMergePatch.DIRECTIVE;
import static io.podyard.api.patch.StrategicMergePatch.at;

import io.podyard.api.patch.PatchSchema.Field;
import io.podyard.api.patch.PatchSchema.Strategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a strategic merge patch merges one list, and the order the result takes. Kubernetes keeps the
 * patch's order for the elements the patch names and the document's order for the others, and
 * interleaves the two ({@code normalizeElementOrder} in apimachinery): an element new to the list
 * lands before the document's elements that follow the patch's previous element, not at the end.
 */
final class ListMerge {
    private ListMerge() {}

    /** Merges {@code patch} into {@code original} if the field merges; otherwise the patch replaces it. */
    static ArrayNode merge(ArrayNode original, ArrayNode patch, Field field, String path) {
        if (field.strategy() != Strategy.MERGE) {
            return patch;
        }
        List<JsonNode> server = elements(original);
        List<JsonNode> patchItems = elements(patch);
        if (!elementsAreObjects(server, patchItems, path)) {
            List<JsonNode> merged = new ArrayList<>();
            for (List<JsonNode> list : List.of(server, patchItems)) {
                for (JsonNode item : list) {
                    if (JsonValues.indexOf(merged, item) < 0) {
                        merged.add(item);
                    }
                }
            }
            return ordered(merged, patchItems, server, null, path);
        }
        String key = field.mergeKey();
        if (key == null) {
            throw PatchException.unprocessable(at(path) + "a list of objects without a merge key cannot be merged");
        }
        List<JsonNode> additions = new ArrayList<>();
        boolean replace = false;
        for (JsonNode item : patchItems) {
            JsonNode directive = item.get(DIRECTIVE);
            switch (directive == null ? "" : directive.asString()) {
                case "" -> {
                    patchKey(item, key, path);
                    additions.add(item);
                }
                case "delete" -> {
                    JsonNode gone = patchKey(item, key, path);
                    server.removeIf(s -> s.get(key) != null && JsonValues.equal(s.get(key), gone));
                }
                case "replace" -> replace = true;
                default -> throw PatchException.malformed(at(path) + "unsupported " + DIRECTIVE + " directive "
                        + directive + " in a list element; expected delete or replace");
            }
        }
        if (replace) {
            server = new ArrayList<>();
            for (JsonNode item : additions) {
                server.add(StrategicMergePatch.mergeObject(
                        JsonValues.object(), (ObjectNode) item, field.schema(), element(path, key, item)));
            }
            additions = List.of();
        }
        List<JsonNode> merged = new ArrayList<>(server);
        for (JsonNode item : additions) {
            int at = position(merged, patchKey(item, key, path), key);
            ObjectNode current = at < 0 ? JsonValues.object() : (ObjectNode) merged.get(at);
            ObjectNode result = StrategicMergePatch.mergeObject(
                    current, (ObjectNode) item, field.schema(), element(path, key, item));
            if (at < 0) {
                merged.add(result);
            } else {
                merged.set(at, result);
            }
        }
        return ordered(merged, additions, server, key, path);
    }

    /**
     * Merges a list that a {@code $setElementOrder} directive orders: the listed elements take the
     * listed order; the document's other elements keep theirs. Either list may be absent (null).
     */
    static ArrayNode mergeInOrder(ArrayNode original, ArrayNode patch, ArrayNode order, Field field, String path) {
        String key = field.mergeKey();
        List<JsonNode> orderItems = elements(order);
        for (JsonNode item : orderItems) {
            patchKey(item, key, path);
        }
        if (patch != null) {
            checkOrder(elements(patch), orderItems, key, path);
        }
        ArrayNode merged = patch == null ? original
                : merge(original == null ? JsonValues.array() : original, patch, field, path);
        List<JsonNode> server = original == null ? List.of() : elements(original);
        return ordered(elements(merged), orderItems, server, key, path);
    }

    /** Rejects a patch list whose elements appear in another order than {@code $setElementOrder}'s. */
    private static void checkOrder(List<JsonNode> patch, List<JsonNode> order, String key, String path) {
        List<JsonNode> named = patch.stream().filter(item -> item.get(DIRECTIVE) == null).toList();
        int p = 0;
        for (int o = 0; p < named.size() && o < order.size(); o++) {
            if (JsonValues.equal(patchKey(named.get(p), key, path), patchKey(order.get(o), key, path))) {
                p++;
            }
        }
        if (p < named.size()) {
            throw PatchException.malformed(at(path) + "the patch lists its elements in another order than "
                    + "$setElementOrder, or lists one that $setElementOrder does not");
        }
    }

    /**
     * Orders {@code merged}: elements named in {@code patchOrder} in that order, the others in
     * {@code serverOrder}'s, interleaved where the server order places one before a patched one.
     */
    private static ArrayNode ordered(List<JsonNode> merged, List<JsonNode> patchOrder, List<JsonNode> serverOrder,
            String key, String path) {
        List<JsonNode> patched = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            JsonNode id = identity(item, key);
            if (id == null) {
                throw PatchException.unprocessable(at(path) + "element " + item + " has no merge key \"" + key + "\"");
            }
            (position(patchOrder, id, key) >= 0 ? patched : serverOnly).add(item);
        }
        patched.sort(Comparator.comparingInt(item -> position(patchOrder, identity(item, key), key)));
        serverOnly.sort(Comparator.comparingInt(item -> position(serverOrder, identity(item, key), key)));
        ArrayNode result = JsonValues.array();
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() && j < patched.size()) {
            int left = position(serverOrder, identity(serverOnly.get(i), key), key);
            int right = position(serverOrder, identity(patched.get(j), key), key);
            result.add(left >= 0 && right >= 0 && left < right ? serverOnly.get(i++) : patched.get(j++));
        }
        serverOnly.subList(i, serverOnly.size()).forEach(result::add);
        patched.subList(j, patched.size()).forEach(result::add);
        return result;
    }

    /** Whether the elements are objects; they must all be of one type, and not lists. */
    private static boolean elementsAreObjects(List<JsonNode> server, List<JsonNode> patch, String path) {
        JsonNodeType type = null;
        for (List<JsonNode> list : List.of(server, patch)) {
            for (JsonNode item : list) {
                if (item.isArray()) {
                    throw PatchException.unprocessable(at(path) + "lists of lists cannot be merged");
                }
                if (type != null && type != item.getNodeType()) {
                    throw PatchException.unprocessable(
                            at(path) + "cannot merge a list whose elements are of different types");
                }
                type = item.getNodeType();
            }
        }
        return type == JsonNodeType.OBJECT;
    }

    /** The value an element is identified by: its merge key, or itself in a list of primitives. */
    private static JsonNode identity(JsonNode item, String key) {
        return key == null ? item : item.get(key);
    }

    /** The identity of an element the patch gives, which must have the merge key. */
    private static JsonNode patchKey(JsonNode item, String key, String path) {
        JsonNode id = identity(item, key);
        if (id == null) {
            throw PatchException.malformed(at(path) + "patch element " + item + " has no merge key \"" + key + "\"");
        }
        return id;
    }

    private static int position(List<JsonNode> list, JsonNode id, String key) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode other = identity(list.get(i), key);
            if (other != null && JsonValues.equal(other, id)) {
                return i;
            }
        }
        return -1;
    }

    private static String element(String path, String key, JsonNode item) {
        return path + "[" + key + "=" + item.get(key) + "]";
    }

    private static List<JsonNode> elements(ArrayNode list) {
        return new ArrayList<>(list.values());
    }
}
