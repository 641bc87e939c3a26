package io.podyard.apiserver.discovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI v3 schemas derived from the fabric8 model classes, named as Kubernetes names them
 * ({@code io.k8s.api.core.v1.PodSpec}), so {@code kubectl explain} can walk any field path. fabric8
 * carries no field descriptions, so the schemas have types and structure but no prose.
 */
final class ModelSchemas {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String MODEL = "io.fabric8.kubernetes.api.model.";
    private static final String REF_PREFIX = "#/components/schemas/";
    private static final Set<String> META = Set.of("ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry",
            "LabelSelector", "LabelSelectorRequirement", "Condition", "Status", "StatusDetails", "StatusCause",
            "DeleteOptions", "Preconditions", "FieldsV1", "Time", "MicroTime", "Duration");

    private final ObjectNode schemas;

    /** @param schemas the document's components.schemas, filled as types are referenced */
    ModelSchemas(ObjectNode schemas) {
        this.schemas = schemas;
    }

    /** Kubernetes' schema name for a fabric8 model class. */
    static String name(Class<?> type) {
        String rest = type.getName().substring(MODEL.length());
        String simple = type.getSimpleName();
        if (!rest.contains(".")) {
            return META.contains(simple) ? "io.k8s.apimachinery.pkg.apis.meta.v1." + simple : "io.k8s.api.core.v1." + simple;
        }
        String pkg = rest.substring(0, rest.lastIndexOf('.'));
        return "io.k8s.api." + (pkg.contains(".") ? pkg : pkg + ".v1") + "." + simple;
    }

    /** Adds the schema of {@code type} (and what it references) and returns its name. */
    String add(Class<?> type) {
        String name = name(type);
        if (schemas.has(name)) {
            return name;
        }
        ObjectNode schema = schemas.putObject(name);
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                if (p == null || Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                String field = p.value().isEmpty() ? f.getName() : p.value();
                properties.set(field, schemaOf(f.getGenericType()));
            }
        }
        return name;
    }

    private ObjectNode schemaOf(Type type) {
        ObjectNode s = MAPPER.createObjectNode();
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            if (java.util.List.class.isAssignableFrom(raw)) {
                s.put("type", "array");
                s.set("items", schemaOf(p.getActualTypeArguments()[0]));
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                s.put("type", "object");
                s.set("additionalProperties", schemaOf(p.getActualTypeArguments()[1]));
                return s;
            }
        }
        if (!(type instanceof Class<?> c)) {
            return s.put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        }
        if (c == String.class) {
            return s.put("type", "string");
        }
        if (c == Integer.class || c == int.class) {
            return s.put("type", "integer").put("format", "int32");
        }
        if (c == Long.class || c == long.class) {
            return s.put("type", "integer").put("format", "int64");
        }
        if (c == Boolean.class || c == boolean.class) {
            return s.put("type", "boolean");
        }
        if (c == Double.class || c == Float.class) {
            return s.put("type", "number").put("format", "double");
        }
        String simple = c.getSimpleName();
        if (simple.equals("IntOrString")) {
            return s.put("x-kubernetes-int-or-string", true);
        }
        if (simple.equals("Quantity")) {
            return s.put("type", "string");
        }
        if (!c.getName().startsWith(MODEL) || c.isInterface()) {
            return s.put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        }
        // As Kubernetes writes a reference: allOf with one $ref, so a description could sit beside it.
        s.putArray("allOf").addObject().put("$ref", REF_PREFIX + add(c));
        return s;
    }

    /** The schema name a property refers to ({@code allOf: [{$ref}]}, as written here, or a plain {@code $ref}). */
    static Optional<String> referenced(JsonNode property) {
        String ref = property.path("allOf").path(0).path("$ref").asString(property.path("$ref").asString(""));
        return ref.startsWith(REF_PREFIX) ? Optional.of(ref.substring(REF_PREFIX.length())) : Optional.empty();
    }
}
