package io.podyard.api.table;

import io.podyard.api.resource.ResourceType;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side printing: the meta.k8s.io/v1 Table that kubectl asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io} and prints as {@code kubectl get}
 * output. Columns and cells are Kubernetes' own printers' (pkg/printers/internalversion); kinds
 * without a printer get the API server's default columns, NAME and CREATED AT.
 *
 * <p>Pure: no I/O, and the clock is a parameter.
 */
public final class Tables {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Tables() {}

    /**
     * The Table for a list (or, with one element, a single object) of {@code type}.
     *
     * <p>The returned tree shares the given objects' nodes (whole objects for {@link
     * IncludeObject#OBJECT}, their metadata for {@link IncludeObject#METADATA}) rather than copying
     * them; serialize it before changing them.
     *
     * @param objects Kubernetes objects as JSON, in the order the rows should appear
     * @param now the moment AGE and other "time since" cells are measured to
     * @param resourceVersion the list's (or object's) resourceVersion; null or empty leaves it out
     * @param continueToken the list's continue token; null or empty leaves it out
     * @throws IllegalArgumentException where Kubernetes' printer fails, e.g. a ControllerRevision
     *     owner with an unparseable apiVersion
     */
    public static ObjectNode table(ResourceType type, List<ObjectNode> objects, Instant now, IncludeObject include,
            String resourceVersion, String continueToken) {
        return table(type, objects, now, include, resourceVersion, continueToken, true);
    }

    /**
     * As {@link #table(ResourceType, List, Instant, IncludeObject, String, String)}, optionally
     * without headers: {@code "columnDefinitions": null}. A watch sends headers with its first
     * event only; kubectl keeps the columns it has seen.
     */
    public static ObjectNode table(ResourceType type, List<ObjectNode> objects, Instant now, IncludeObject include,
            String resourceVersion, String continueToken, boolean headers) {
        KindColumns printer = Printers.forType(type);
        ObjectNode table = NODES.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null && !resourceVersion.isEmpty()) {
            metadata.put("resourceVersion", resourceVersion);
        }
        if (continueToken != null && !continueToken.isEmpty()) {
            metadata.put("continue", continueToken);
        }
        if (headers) {
            columnDefinitions(table.putArray("columnDefinitions"), printer.columns());
        } else {
            table.putNull("columnDefinitions");
        }
        if (objects.isEmpty() && printer == Printers.DEFAULT) {
            // The default convertor never allocates its row slice, so Go writes null, not [].
            table.putNull("rows");
            return table;
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode object : objects) {
            row(rows.addObject(), printer, object, now, include);
        }
        return table;
    }

    private static void columnDefinitions(ArrayNode definitions, List<Column> columns) {
        for (Column column : columns) {
            definitions.addObject()
                    .put("name", column.name())
                    .put("type", column.type())
                    .put("format", column.format())
                    .put("description", column.description())
                    .put("priority", column.priority());
        }
    }

    private static void row(ObjectNode row, KindColumns printer, ObjectNode object, Instant now,
            IncludeObject include) {
        ArrayNode cells = row.putArray("cells");
        for (Object cell : printer.cells(object, now)) {
            cells.add(cell(cell));
        }
        List<RowCondition> conditions = printer.conditions(object);
        if (!conditions.isEmpty()) {
            ArrayNode array = row.putArray("conditions");
            for (RowCondition condition : conditions) {
                array.addObject()
                        .put("type", condition.type())
                        .put("status", condition.status())
                        .put("reason", condition.reason())
                        .put("message", condition.message());
            }
        }
        switch (include) {
            case NONE -> row.putNull("object");
            case OBJECT -> row.set("object", object);
            case METADATA -> {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", object.get("metadata") instanceof ObjectNode meta ? meta : NODES.objectNode());
            }
        }
    }

    private static JsonNode cell(Object value) {
        return switch (value) {
            case String text -> NODES.stringNode(text);
            case Long number -> NODES.numberNode(number);
            case Integer number -> NODES.numberNode(number.longValue());
            case Boolean flag -> NODES.booleanNode(flag);
            default -> throw new IllegalStateException("unexpected cell type " + value.getClass().getName());
        };
    }
}
