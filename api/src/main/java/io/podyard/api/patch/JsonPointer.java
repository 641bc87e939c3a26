package io.podyard.api.patch;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An RFC 6901 JSON Pointer, parsed into its reference tokens. The empty pointer names the whole
 * document; {@code ~1} stands for {@code /} and {@code ~0} for {@code ~}.
 */
record JsonPointer(String text, List<String> tokens) {
    static JsonPointer parse(String text) {
        if (text.isEmpty()) {
            return new JsonPointer(text, List.of());
        }
        if (text.charAt(0) != '/') {
            throw PatchException.unprocessable("invalid JSON pointer \"" + text + "\": must be empty or start with /");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : text.substring(1).split("/", -1)) {
            tokens.add(unescape(raw, text));
        }
        return new JsonPointer(text, List.copyOf(tokens));
    }

    private static String unescape(String raw, String text) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                out.append(c);
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            if (next == '0') {
                out.append('~');
            } else if (next == '1') {
                out.append('/');
            } else {
                throw PatchException.unprocessable(
                        "invalid JSON pointer \"" + text + "\": ~ must be followed by 0 or 1");
            }
            i++;
        }
        return out.toString();
    }

    boolean isRoot() {
        return tokens.isEmpty();
    }

    /** The pointer to the container that holds the target. */
    JsonPointer parent() {
        return new JsonPointer(text.substring(0, text.lastIndexOf('/')), tokens.subList(0, tokens.size() - 1));
    }

    /** The last reference token: a member name or an array index. */
    String last() {
        return tokens.getLast();
    }

    /** True if {@code other} lies strictly inside the value this pointer names. */
    boolean isProperPrefixOf(JsonPointer other) {
        return other.tokens.size() > tokens.size() && other.tokens.subList(0, tokens.size()).equals(tokens);
    }

    /** The value this pointer names in {@code document}, or null when there is none. */
    JsonNode find(JsonNode document) {
        JsonNode node = document;
        for (String token : tokens) {
            if (node.isObject()) {
                node = node.get(token);
            } else if (node.isArray()) {
                int index = arrayIndex(token, node.size() - 1);
                node = index < 0 ? null : node.get(index);
            } else {
                return null;
            }
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /**
     * The array index a token denotes, or -1 when it is not a valid index at most {@code max}. RFC
     * 6901 allows no sign and no leading zeros.
     */
    static int arrayIndex(String token, int max) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        int index = Integer.parseInt(token);
        return index <= max ? index : -1;
    }

    @Override
    public String toString() {
        return text;
    }
}
