package io.podyard.apiserver.discovery;

import io.podyard.api.resource.BuiltinResources;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Build step (exec-maven-plugin, process-test-classes): writes {@link Descriptions#RESOURCE} with
 * Kubernetes' type and field descriptions for every schema the OpenAPI documents name. They come
 * from the official Java client's generated models (io.kubernetes:client-java-api, a test
 * dependency), whose {@code @ApiModel}/{@code @ApiModelProperty} annotations carry the text of
 * Kubernetes' OpenAPI spec, and for fields those leave out from the Go doc comments in
 * client-java-proto's sources ({@link ProtoComments}); so the server jar carries only the text.
 */
public final class DescriptionsGenerator {
    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    private DescriptionsGenerator() {}

    /** @param args the output directory (target/classes) */
    public static void main(String[] args) throws IOException {
        Map<String, Map<String, String>> descriptions = generate();
        Path out = Path.of(args[0]).resolve(Descriptions.RESOURCE.substring(1));
        Files.createDirectories(out.getParent());
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(out))) {
            os.write(JsonMapper.builder().build().writeValueAsBytes(descriptions));
        }
        System.out.println("[descriptions] " + descriptions.size() + " schemas -> " + out);
    }

    /** Schema name → ("" → the type's description, field → the field's), for every schema served. */
    static Map<String, Map<String, String>> generate() {
        OpenApi openApi = new OpenApi(BuiltinResources.registry(), () -> Descriptions.NONE);
        Map<String, Map<String, String>> comments = ProtoComments.read();
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (String path : openApi.root().get("paths").propertyNames()) {
            ObjectNode schemas = (ObjectNode) openApi.document(path).orElseThrow().get("components").get("schemas");
            for (String name : schemas.propertyNames()) {
                if (all.containsKey(name)) {
                    continue;
                }
                Map<String, String> d = model(name).map(DescriptionsGenerator::describe).orElseGet(TreeMap::new);
                // The client's models leave out what fields that refer to another type say about themselves.
                Map<String, String> fallback = comments.getOrDefault(name, Map.of());
                d.putIfAbsent("", fallback.get(""));
                for (String field : schemas.get(name).path("properties").propertyNames()) {
                    d.putIfAbsent(field, fallback.get(field));
                }
                d.values().removeIf(text -> text == null || text.isBlank());
                if (!d.isEmpty()) {
                    all.put(name, d);
                }
            }
        }
        return all;
    }

    /**
     * The client's class for a Kubernetes schema name: {@code V1Container}, or with the group in
     * front ({@code CoreV1Event}) where the client had to tell two groups' kinds apart.
     */
    static Optional<Class<?>> model(String schemaName) {
        String[] parts = schemaName.split("\\.");
        String kind = parts[parts.length - 1];
        String version = capitalized(parts[parts.length - 2]);
        String group = capitalized(parts[parts.length - 3]);
        for (String candidate : new String[] {group + version + kind, version + kind}) {
            try {
                return Optional.of(Class.forName(MODELS + candidate));
            } catch (ClassNotFoundException e) {
                // try the next spelling
            }
        }
        return Optional.empty();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Map<String, String> describe(Class<?> model) {
        Map<String, String> d = new TreeMap<>();
        annotation(model.getAnnotations(), "io.swagger.annotations.ApiModel", "description")
                .ifPresent(text -> d.put("", text));
        Map<String, String> jsonNames = new TreeMap<>();
        for (Field f : model.getDeclaredFields()) {
            annotation(f.getAnnotations(), "com.google.gson.annotations.SerializedName", "value")
                    .ifPresent(json -> jsonNames.put(normalized(f.getName()), json));
        }
        for (Method m : model.getDeclaredMethods()) {
            String getter = m.getName().startsWith("get") ? m.getName().substring(3)
                    : m.getName().startsWith("is") ? m.getName().substring(2) : null;
            String json = getter == null || m.getParameterCount() != 0 ? null : jsonNames.get(normalized(getter));
            if (json != null) {
                annotation(m.getAnnotations(), "io.swagger.annotations.ApiModelProperty", "value")
                        .ifPresent(text -> d.put(json, text));
            }
        }
        return d;
    }

    /** The Java field and its getter spelled alike ({@code _continue}/{@code getContinue}). */
    private static String normalized(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }

    /** An annotation's string member, read by name so this compiles without swagger's annotations. */
    private static Optional<String> annotation(Annotation[] annotations, String type, String member) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().equals(type)) {
                try {
                    String text = (String) a.annotationType().getMethod(member).invoke(a);
                    return text.isBlank() ? Optional.empty() : Optional.of(text);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Optional.empty();
    }
}
