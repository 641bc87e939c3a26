package io.podyard.api.patch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@code patchStrategy} and {@code patchMergeKey} struct tags of one Kubernetes type say
 * about its fields: for an object, the schema of its fields; for a list, how it merges and the schema
 * of its elements. Fields it does not name get Kubernetes' behaviour for untagged fields: objects
 * merge recursively, lists are replaced whole.
 */
public final class PatchSchema {
    /** A type with no tagged fields anywhere below it. */
    public static final PatchSchema EMPTY = new PatchSchema(Map.of());

    private final Map<String, Field> fields;

    private PatchSchema(Map<String, Field> fields) {
        this.fields = Map.copyOf(fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The fields with tags (or with tagged fields below them), by name. */
    public Map<String, Field> fields() {
        return fields;
    }

    /** The tags of field {@code name}; {@link Field#UNTAGGED} when it has none. */
    public Field field(String name) {
        return fields.getOrDefault(name, Field.UNTAGGED);
    }

    /**
     * The tags of the field at a dotted path such as {@code spec.template.spec.containers.env}; list
     * elements take no path segment of their own.
     */
    public Field at(String path) {
        Field field = new Field(Strategy.DEFAULT, null, false, this);
        for (String name : path.split("\\.")) {
            field = field.schema().field(name);
        }
        return field;
    }

    /** A {@code patchStrategy} tag, without {@code retainKeys} which may accompany it. */
    public enum Strategy {
        /** No tag: objects merge, lists are replaced. */
        DEFAULT,
        /** Lists merge: elements by their merge key, primitives as a set. */
        MERGE,
        /** The patch value replaces the field whole. */
        REPLACE
    }

    /**
     * The tags of one field.
     *
     * @param mergeKey the {@code patchMergeKey} of a merged list of objects; null for none
     * @param retainKeys whether the tag includes {@code retainKeys}: clients such as {@code kubectl
     *     apply} then send a {@code $retainKeys} list naming the keys to keep. The directive is honoured
     *     wherever it appears, so applying a patch does not read this.
     * @param schema the schema of the field's value, or of each element for a list
     */
    public record Field(Strategy strategy, String mergeKey, boolean retainKeys, PatchSchema schema) {
        public static final Field UNTAGGED = new Field(Strategy.DEFAULT, null, false, EMPTY);

        public Field {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(schema, "schema");
        }

        /** An untagged object field whose own fields have tags. */
        public static Field nested(PatchSchema schema) {
            return new Field(Strategy.DEFAULT, null, false, schema);
        }

        /** {@code patchStrategy:"merge" patchMergeKey:"<key>"} on a list of objects without tagged fields. */
        public static Field mergeByKey(String key) {
            return mergeByKey(key, EMPTY);
        }

        /** {@code patchStrategy:"merge" patchMergeKey:"<key>"} on a list of objects of {@code elements}. */
        public static Field mergeByKey(String key, PatchSchema elements) {
            return new Field(Strategy.MERGE, Objects.requireNonNull(key, "key"), false, elements);
        }

        /** {@code patchStrategy:"merge"} on a list of primitives, such as {@code metadata.finalizers}. */
        public static Field mergeSet() {
            return new Field(Strategy.MERGE, null, false, EMPTY);
        }

        /** This field with {@code retainKeys} added to its strategy. */
        public Field retainingKeys() {
            return new Field(strategy, mergeKey, true, schema);
        }
    }

    /** Collects the tagged fields of a type. */
    public static final class Builder {
        private final Map<String, Field> fields = new LinkedHashMap<>();

        private Builder() {}

        public Builder field(String name, Field field) {
            fields.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(field, "field"));
            return this;
        }

        public PatchSchema build() {
            return new PatchSchema(fields);
        }
    }
}
