package io.podyard.apiserver.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Kubernetes' Go doc comments as protoc copied them into client-java-proto's generated sources (its
 * sources jar, a test dependency), for the fields whose OpenAPI description the Java client's models
 * leave out (those that refer to another type). Formatted as kube-openapi formats doc comments into
 * descriptions: generator tags (+optional) and TODO lines dropped, lines of a paragraph joined,
 * indented lines kept on lines of their own, nothing after "---".
 */
final class ProtoComments {
    private static final String PACKAGE = "io/kubernetes/client/proto/";
    private static final Pattern INTERFACE = Pattern.compile("interface_extends:([\\w.]+)\\)");
    private static final Pattern FIELD = Pattern.compile(
            "<pre>\\n([^<]*)</pre>\\s*\\n\\s*\\*\\s*\\n\\s*\\* <code>[^<]*?(\\w+) = \\d+[^<]*</code>");
    private static final Pattern TYPE = Pattern.compile(
            "<pre>\\n([^<]*)</pre>\\s*\\n\\s*\\*\\s*\\n\\s*\\* Protobuf type \\{@code ([\\w.]+)}");

    private ProtoComments() {}

    /** OpenAPI schema name → ("" → the type's comment, field → the field's), from every file found. */
    static Map<String, Map<String, String>> read() {
        Map<String, Map<String, String>> all = new HashMap<>();
        for (String source : sources()) {
            Matcher types = TYPE.matcher(source);
            while (types.find()) {
                all.computeIfAbsent(schemaName(types.group(2)), k -> new HashMap<>()).putIfAbsent("", format(types.group(1)));
            }
            Matcher interfaces = INTERFACE.matcher(source);
            while (interfaces.find()) {
                int end = source.indexOf("\n  }\n", interfaces.end());
                Map<String, String> fields = all.computeIfAbsent(schemaName(interfaces.group(1)), k -> new HashMap<>());
                Matcher f = FIELD.matcher(source).region(interfaces.end(), end < 0 ? source.length() : end);
                while (f.find()) {
                    fields.putIfAbsent(f.group(2), format(f.group(1)));
                }
            }
        }
        return all;
    }

    /** {@code k8s.io.api.apps.v1.Deployment} → {@code io.k8s.api.apps.v1.Deployment}. */
    static String schemaName(String protoName) {
        return protoName.startsWith("k8s.io.") ? "io.k8s." + protoName.substring("k8s.io.".length()) : protoName;
    }

    /** A javadoc {@code <pre>} block's lines as kube-openapi's description text. */
    static String format(String javadoc) {
        StringBuilder out = new StringBuilder();
        for (String raw : javadoc.split("\n")) {
            String line = unescape(raw.replaceFirst("^\\s*\\* ?", "")).stripTrailing();
            String leading = line.stripLeading();
            if (leading.startsWith("---")) {
                break;
            }
            if (line.isEmpty()) {
                dropLast(out);
                out.append("\n\n");
            } else if (leading.startsWith("TODO") || leading.startsWith("+")) {
                continue;
            } else if (line.startsWith(" ") || line.startsWith("\t")) {
                dropLast(out);
                out.append('\n').append(line).append('\n');
            } else {
                out.append(line).append(' ');
            }
        }
        return out.toString().strip();
    }

    private static void dropLast(StringBuilder out) {
        if (!out.isEmpty() && (out.charAt(out.length() - 1) == ' ' || out.charAt(out.length() - 1) == '\n')) {
            out.setLength(out.length() - 1);
        }
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&#64;", "@").replace("&#42;", "*")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    /** Every generated source in the sources jar (none if it is not on the class path). */
    private static List<String> sources() {
        URL v1 = ProtoComments.class.getClassLoader().getResource(PACKAGE + "V1.java");
        if (v1 == null) {
            return List.of();
        }
        try (JarFile jar = ((JarURLConnection) v1.openConnection()).getJarFile()) {
            List<String> sources = new ArrayList<>();
            for (JarEntry e : Collections.list(jar.entries())) {
                if (e.getName().startsWith(PACKAGE) && e.getName().endsWith(".java")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        sources.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
