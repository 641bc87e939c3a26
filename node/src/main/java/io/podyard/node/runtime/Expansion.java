package io.podyard.node.runtime;

import java.util.Map;

/**
 * Kubernetes' $(VAR) expansion (k8s.io/kubernetes/third_party/forked/golang/expansion): "$(NAME)"
 * becomes the variable's value when it is defined and stays as written when it is not; "$$" is
 * an escaped "$", so "$$(NAME)" gives "$(NAME)"; a "$" before anything else, or an unclosed
 * "$(", is kept literally.
 */
public final class Expansion {
    private Expansion() {
    }

    public static String expand(String input, Map<String, String> variables) {
        StringBuilder out = new StringBuilder(input.length());
        int checkpoint = 0;
        for (int cursor = 0; cursor < input.length(); cursor++) {
            if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) {
                continue;
            }
            out.append(input, checkpoint, cursor);
            char next = input.charAt(cursor + 1);
            int advance = 1;
            if (next == '$') {
                out.append('$');
            } else if (next == '(') {
                int close = input.indexOf(')', cursor + 2);
                if (close < 0) {
                    out.append("$(");
                } else {
                    String name = input.substring(cursor + 2, close);
                    String value = variables.get(name);
                    out.append(value != null ? value : "$(" + name + ")");
                    advance = close - cursor;
                }
            } else {
                out.append('$').append(next);
            }
            cursor += advance;
            checkpoint = cursor + 1;
        }
        return out.append(input, checkpoint, input.length()).toString();
    }
}
