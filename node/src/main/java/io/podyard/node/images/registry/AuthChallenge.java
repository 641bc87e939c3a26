package io.podyard.node.images.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235), e.g.
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"}.
 *
 * @param scheme lower case, e.g. {@code bearer}, {@code basic}
 * @param params parameter names in lower case; values unquoted
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    public AuthChallenge {
        params = Map.copyOf(params);
    }

    public String param(String name) {
        return params.getOrDefault(name, "");
    }

    /** Parses every challenge of one header value; what cannot be read is left out. */
    public static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> challenges = new ArrayList<>();
        Parser p = new Parser(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            p.skip(" \t,");
            if (p.done()) {
                break;
            }
            String token = p.token();
            if (token.isEmpty()) {
                p.pos++; // a stray character; skip it
                continue;
            }
            p.skip(" \t");
            if (scheme != null && p.peek() == '=') {
                p.pos++;
                p.skip(" \t");
                params.put(token.toLowerCase(Locale.ROOT), p.peek() == '"' ? p.quoted() : p.token());
            } else {
                if (scheme != null) {
                    challenges.add(new AuthChallenge(scheme, params));
                }
                scheme = token.toLowerCase(Locale.ROOT);
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            challenges.add(new AuthChallenge(scheme, params));
        }
        return challenges;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s == null ? "" : s;
        }

        boolean done() {
            return pos >= s.length();
        }

        char peek() {
            return done() ? 0 : s.charAt(pos);
        }

        void skip(String chars) {
            while (!done() && chars.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (!done() && " \t,=\"".indexOf(s.charAt(pos)) < 0) {
                pos++;
            }
            return s.substring(start, pos);
        }

        String quoted() {
            StringBuilder value = new StringBuilder();
            pos++; // opening quote
            while (!done()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && !done()) {
                    c = s.charAt(pos++);
                }
                value.append(c);
            }
            return value.toString();
        }
    }
}
