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
 * ({@code spec.template.spec.containers[0].imagePullPolicyy}). Every written object is walked, so
 * the walk allocates nothing until it finds something: paths are a chain of the steps taken,
 * spelled out only for a field it reports.
 */
public final class UnknownFields {
    private static final Map<Class<?>, List<Property>> PROPERTIES = new ConcurrentHashMap<>();

    /** A field of a model class and its JSON name; the additionalProperties map has a null name. */
    private record Property(Field field, String name) {
        boolean extra() {
            return name == null;
        }
    }

    /** Where the walk is: a field name or a list index below the parent step. */
    private record Step(Step parent, String name, int index) {
        @Override
        public String toString() {
            String here = name != null ? name : "[" + index + "]";
            if (parent == null) {
                return here;
            }
            return name != null ? parent + "." + here : parent + here;
        }
    }

    private UnknownFields() {}

    /** The paths of unknown fields in {@code decoded}, in document order. */
    public static List<String> find(Object decoded) {
        List<String> found = new ArrayList<>();
        walk(decoded, null, found, false);
        return found;
    }

    /** Removes every unknown field from {@code decoded}, so it is stored as Kubernetes would; returns their paths. */
    public static List<String> strip(Object decoded) {
        List<String> found = new ArrayList<>();
        walk(decoded, null, found, true);
        return found;
    }

    private static void walk(Object value, Step path, List<String> found, boolean strip) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                if (item != null && !(item instanceof String)) {
                    walk(item, new Step(path, null, i), found, strip);
                }
                i++;
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                Object child = e.getValue();
                if (child != null && !(child instanceof String)) {
                    walk(child, new Step(path, String.valueOf(e.getKey()), 0), found, strip);
                }
            }
            return;
        }
        if (!isModel(value.getClass()) || value instanceof FieldsV1) {
            return; // a managedFields entry's fieldsV1 is free-form: its keys are paths, not fields
        }
        for (Property p : properties(value.getClass())) {
            Object child = read(p.field(), value);
            if (child == null || child instanceof String) {
                continue;
            }
            if (p.extra()) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    for (Object key : extra.keySet()) {
                        found.add(new Step(path, String.valueOf(key), 0).toString());
                    }
                    if (strip) {
                        extra.clear();
                    }
                }
            } else {
                walk(child, new Step(path, p.name(), 0), found, strip);
            }
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static boolean isModel(Class<?> type) {
        return type.getName().startsWith("io.fabric8.kubernetes.api.model.");
    }

    private static List<Property> properties(Class<?> type) {
        return PROPERTIES.computeIfAbsent(type, t -> {
            List<Property> result = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    if (f.getName().equals("additionalProperties")) {
                        f.setAccessible(true);
                        result.add(new Property(f, null));
                    } else if (f.isAnnotationPresent(JsonProperty.class)) {
                        f.setAccessible(true);
                        result.add(new Property(f, jsonName(f)));
                    }
                }
            }
            return List.copyOf(result);
        });
    }

    private static String jsonName(Field f) {
        JsonProperty p = f.getAnnotation(JsonProperty.class);
        return !p.value().isEmpty() ? p.value() : f.getName();
    }
}
