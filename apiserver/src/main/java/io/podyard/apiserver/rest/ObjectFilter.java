package io.podyard.apiserver.rest;

import io.podyard.api.resource.ResourceType;
import io.podyard.api.selector.FieldSelector;
import io.podyard.api.selector.LabelSelector;
import io.podyard.api.selector.SelectorException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The labelSelector and fieldSelector of a list or watch, as one predicate over stored objects. */
final class ObjectFilter {
    private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");

    /** Field labels each kind supports beyond name and namespace, as Kubernetes' field label conversions. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pod", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
            "Event", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
            "Secret", Set.of("type"),
            "Node", Set.of("spec.unschedulable"),
            "Namespace", Set.of("status.phase"),
            "ReplicaSet", Set.of("status.replicas"),
            "Job", Set.of("status.successful"));

    private ObjectFilter() {}

    static Predicate<ObjectNode> from(ResourceType type, Map<String, String> query) {
        LabelSelector labels;
        FieldSelector fields;
        try {
            labels = LabelSelector.parse(nullToEmpty(query.get("labelSelector")));
            fields = FieldSelector.parse(nullToEmpty(query.get("fieldSelector")));
        } catch (SelectorException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        for (String field : fields.fields()) {
            if (!COMMON.contains(field) && !FIELDS.getOrDefault(type.kind(), Set.of()).contains(field)) {
                throw ApiException.badRequest("field label not supported: " + field);
            }
        }
        return object -> labels.matches(labelsOf(object)) && fields.matches(path -> fieldValue(object, path));
    }

    static Map<String, String> labelsOf(ObjectNode object) {
        Map<String, String> labels = new HashMap<>();
        JsonNode node = object.path("metadata").path("labels");
        for (var e : node.properties()) {
            labels.put(e.getKey(), e.getValue().asString(""));
        }
        return labels;
    }

    /** A field's value as Kubernetes compares it: text, with booleans and numbers spelled out. */
    private static String fieldValue(ObjectNode object, String path) {
        JsonNode node = object;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        if (node.isMissingNode() || node.isNull()) {
            // Unset booleans and strings read as their zero values, as Go structs do.
            return path.equals("spec.unschedulable") || path.equals("spec.hostNetwork") ? "false" : "";
        }
        return node.isValueNode() ? node.asString() : node.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
