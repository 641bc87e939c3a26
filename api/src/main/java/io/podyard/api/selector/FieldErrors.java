package io.podyard.api.selector;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders errors the way Kubernetes' field.Error and aggregate errors print, so that selector
 * messages read exactly like the API server's ({@code values[0][app]: Invalid value: "x y": ...}).
 */
final class FieldErrors {
    private FieldErrors() {}

    static String invalid(String path, String value, String detail) {
        return path + ": Invalid value: " + quote(value) + ": " + detail;
    }

    /** A list-valued bad value; Go renders it as JSON, and a missing list as {@code null}. */
    static String invalidList(String path, List<String> values, String detail) {
        return path + ": Invalid value: " + json(values) + ": " + detail;
    }

    /** One message as is, several deduplicated in brackets, as utilerrors.Aggregate prints them. */
    static String aggregate(List<String> messages) {
        Set<String> distinct = new LinkedHashSet<>(messages);
        return distinct.size() == 1 ? distinct.iterator().next() : "[" + String.join(", ", distinct) + "]";
    }

    /** Go's %q: exact for ASCII; other code points are kept unless they are control characters. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** Go's json.Marshal of a []string, including its HTML-safe escapes. */
    private static String json(List<String> values) {
        if (values == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("[");
        for (String value : values) {
            out.append(out.length() > 1 ? "," : "").append('"');
            value.chars().forEach(c -> {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        boolean escape = c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029;
                        out.append(escape ? String.format("\\u%04x", c) : String.valueOf((char) c));
                    }
                }
            });
            out.append('"');
        }
        return out.append(']').toString();
    }
}
