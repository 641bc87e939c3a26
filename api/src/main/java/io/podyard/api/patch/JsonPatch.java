package io.podyard.api.patch;

import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON Patch ({@code application/json-patch+json}): a list of add, remove, replace, move,
 * copy and test operations applied in order; if one fails, none takes effect.
 *
 * <p>Errors follow kube-apiserver: a patch that is not an array of objects is {@linkplain
 * PatchException#malformed() malformed} (400); everything found while applying it — an unknown
 * {@code op}, a missing member, a bad pointer, a missing target, a failed {@code test} — is 422.
 */
public final class JsonPatch {
    private JsonPatch() {}

    /** Applies {@code patch} to a copy of {@code document} and returns the copy. */
    public static JsonNode apply(JsonNode document, JsonNode patch) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(patch, "patch");
        if (!patch.isArray()) {
            throw PatchException.malformed("a JSON patch must be an array of operations, not " + kind(patch));
        }
        for (JsonNode operation : patch) {
            if (!operation.isObject()) {
                throw PatchException.malformed("a JSON patch operation must be an object, not " + kind(operation));
            }
        }
        JsonNode result = document.deepCopy();
        int index = 0;
        for (JsonNode operation : patch) {
            try {
                result = applyOperation(result, operation);
            } catch (PatchException e) {
                throw PatchException.unprocessable("operation " + index + " (" + operation + "): " + e.getMessage());
            }
            index++;
        }
        return result;
    }

    private static JsonNode applyOperation(JsonNode document, JsonNode operation) {
        String op = text(operation, "op");
        JsonPointer path = JsonPointer.parse(text(operation, "path"));
        return switch (op) {
            case "add" -> add(document, path, value(operation).deepCopy());
            case "remove" -> {
                remove(document, path);
                yield document;
            }
            case "replace" -> replace(document, path, value(operation).deepCopy());
            case "move" -> {
                JsonPointer from = JsonPointer.parse(text(operation, "from"));
                if (from.isProperPrefixOf(path)) {
                    throw PatchException.unprocessable("cannot move " + from + " into its own child " + path);
                }
                yield add(document, path, remove(document, from));
            }
            case "copy" -> {
                JsonPointer from = JsonPointer.parse(text(operation, "from"));
                yield add(document, path, existing(document, from).deepCopy());
            }
            case "test" -> {
                JsonNode actual = existing(document, path);
                if (!JsonValues.equal(actual, value(operation))) {
                    throw PatchException.unprocessable(
                            "test failed: " + path + " is " + actual + ", not " + value(operation));
                }
                yield document;
            }
            default -> throw PatchException.unprocessable("unknown op \"" + op + "\"");
        };
    }

    /** Adds {@code value} at {@code path} and returns the document, which is new if the root was replaced. */
    private static JsonNode add(JsonNode document, JsonPointer path, JsonNode value) {
        if (path.isRoot()) {
            return value;
        }
        JsonNode parent = existing(document, path.parent());
        if (parent instanceof ObjectNode object) {
            object.set(path.last(), value);
        } else if (parent instanceof ArrayNode array) {
            if (path.last().equals("-")) {
                array.add(value);
            } else {
                array.insert(index(array, path, array.size()), value);
            }
        } else {
            throw PatchException.unprocessable("cannot add " + path + ": " + path.parent() + " is not a container");
        }
        return document;
    }

    /** Replaces the value at {@code path} in place, so an object keeps its member order. */
    private static JsonNode replace(JsonNode document, JsonPointer path, JsonNode value) {
        existing(document, path);
        if (path.isRoot()) {
            return value;
        }
        JsonNode parent = existing(document, path.parent());
        if (parent instanceof ObjectNode object) {
            object.set(path.last(), value);
        } else {
            ((ArrayNode) parent).set(index((ArrayNode) parent, path, parent.size() - 1), value);
        }
        return document;
    }

    /** Removes the value at {@code path} and returns it. */
    private static JsonNode remove(JsonNode document, JsonPointer path) {
        if (path.isRoot()) {
            throw PatchException.unprocessable("cannot remove the whole document");
        }
        JsonNode removed = existing(document, path);
        JsonNode parent = existing(document, path.parent());
        if (parent instanceof ObjectNode object) {
            object.remove(path.last());
        } else {
            ((ArrayNode) parent).remove(index((ArrayNode) parent, path, parent.size() - 1));
        }
        return removed;
    }

    private static JsonNode existing(JsonNode document, JsonPointer path) {
        JsonNode node = path.find(document);
        if (node == null) {
            throw PatchException.unprocessable("path " + path + " does not exist");
        }
        return node;
    }

    private static int index(ArrayNode array, JsonPointer path, int max) {
        int index = JsonPointer.arrayIndex(path.last(), max);
        if (index < 0) {
            throw PatchException.unprocessable(
                    "path " + path + ": \"" + path.last() + "\" is not an index of an array of " + array.size());
        }
        return index;
    }

    private static String text(JsonNode operation, String member) {
        JsonNode value = operation.get(member);
        if (value == null || !value.isString()) {
            throw PatchException.unprocessable("\"" + member + "\" must be a string");
        }
        return value.stringValue();
    }

    private static JsonNode value(JsonNode operation) {
        JsonNode value = operation.get("value");
        if (value == null) {
            throw PatchException.unprocessable("\"value\" is missing");
        }
        return value;
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().toString().toLowerCase();
    }
}
