package io.podyard.api.decoding;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.FieldsV1;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the fields of a decoded object that its Kubernetes type does not have. fabric8's model
 * classes keep such fields in {@code additionalProperties} instead of failing, so this walks the
 * decoded object and reports each one by its JSON path, as Kubernetes' strict decoding names them
 * ({@code spec.template.spec.containers[0].imagePullPolicyy}).
 */
public final class UnknownFields {
    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private UnknownFields() {}

    /** The paths of unknown fields in {@code decoded}, in document order. */
    public static List<String> find(Object decoded) {
        List<String> found = new ArrayList<>();
        walk(decoded, "", found, false);
        return found;
    }

    /** Removes every unknown field from {@code decoded}, so it is stored as Kubernetes would. */
    public static void strip(Object decoded) {
        walk(decoded, "", new ArrayList<>(), true);
    }

    private static void walk(Object value, String path, List<String> found, boolean strip) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", found, strip);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                walk(e.getValue(), join(path, String.valueOf(e.getKey())), found, strip);
            }
            return;
        }
        if (!isModel(value.getClass()) || value instanceof FieldsV1) {
            return; // a managedFields entry's fieldsV1 is free-form: its keys are paths, not fields
        }
        for (Field f : fields(value.getClass())) {
            try {
                Object child = f.get(value);
                if (f.getName().equals("additionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        for (Object key : extra.keySet()) {
                            found.add(join(path, String.valueOf(key)));
                        }
                        if (strip) {
                            extra.clear();
                        }
                    }
                } else {
                    walk(child, join(path, jsonName(f)), found, strip);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + f, e);
            }
        }
    }

    private static boolean isModel(Class<?> type) {
        return type.getName().startsWith("io.fabric8.kubernetes.api.model.");
    }

    private static List<Field> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> result = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())
                            && (f.isAnnotationPresent(JsonProperty.class) || f.getName().equals("additionalProperties"))) {
                        f.setAccessible(true);
                        result.add(f);
                    }
                }
            }
            return List.copyOf(result);
        });
    }

    private static String jsonName(Field f) {
        JsonProperty p = f.getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : f.getName();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
