package io.podyard.api.apply;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One entry of {@code metadata.managedFields}: what a manager owns, through which operation. A manager
 * is identified by name, operation and subresource, as in Kubernetes: an applier and an updater of the
 * same name are two entries.
 *
 * @param operation {@code Apply} or {@code Update}
 * @param subresource empty for the main resource
 */
public record ManagedField(String manager, String operation, String apiVersion, String time, String subresource,
        FieldSet fields) {
    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";

    public ManagedField {
        manager = manager == null ? "" : manager;
        subresource = subresource == null ? "" : subresource;
    }

    /** Whether this entry is the one of {@code manager} doing {@code operation} on {@code subresource}. */
    public boolean sameManager(String manager, String operation, String subresource) {
        return this.manager.equals(manager) && this.operation.equals(operation)
                && this.subresource.equals(subresource == null ? "" : subresource);
    }

    ManagedField withFields(FieldSet fields) {
        return new ManagedField(manager, operation, apiVersion, time, subresource, fields);
    }

    /** How Kubernetes names a manager in a conflict message. */
    String describe() {
        String s = "\"" + manager + "\"";
        if (!subresource.isEmpty()) {
            s += " with subresource \"" + subresource + "\"";
        }
        if (operation.equals(UPDATE)) {
            s += " using " + apiVersion + (time == null ? "" : " at " + time);
        }
        return s;
    }

    /** The entries of an object's {@code metadata.managedFields}; IllegalArgumentException if malformed. */
    public static List<ManagedField> read(JsonNode object) {
        JsonNode list = object.path("metadata").path("managedFields");
        List<ManagedField> out = new ArrayList<>();
        if (!list.isArray()) {
            return out;
        }
        for (JsonNode e : list) {
            if (!e.isObject()) {
                throw new IllegalArgumentException("a managedFields entry must be an object");
            }
            String type = e.path("fieldsType").asString("FieldsV1");
            if (!type.equals("FieldsV1")) {
                throw new IllegalArgumentException("unsupported fieldsType " + type);
            }
            out.add(new ManagedField(e.path("manager").asString(""), e.path("operation").asString(UPDATE),
                    e.path("apiVersion").asString(""), e.hasNonNull("time") ? e.get("time").asString() : null,
                    e.path("subresource").asString(""), FieldSet.fromFieldsV1(e.get("fieldsV1"))));
        }
        return out;
    }

    /**
     * The JSON of {@code entries} in Kubernetes' order (Apply before Update, then by time, then by
     * manager), leaving out entries that own nothing.
     */
    public static ArrayNode write(List<ManagedField> entries) {
        List<ManagedField> sorted = new ArrayList<>(entries);
        sorted.removeIf(e -> e.fields.isEmpty());
        sorted.sort(Comparator.comparing(ManagedField::operation)
                .thenComparing(e -> e.time == null ? "" : e.time)
                .thenComparing(ManagedField::manager)
                .thenComparing(ManagedField::subresource));
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ManagedField e : sorted) {
            ObjectNode o = out.addObject();
            o.put("manager", e.manager).put("operation", e.operation).put("apiVersion", e.apiVersion);
            if (e.time != null) {
                o.put("time", e.time);
            }
            o.put("fieldsType", "FieldsV1");
            o.set("fieldsV1", e.fields.toFieldsV1());
            if (!e.subresource.isEmpty()) {
                o.put("subresource", e.subresource);
            }
        }
        return out;
    }
}
