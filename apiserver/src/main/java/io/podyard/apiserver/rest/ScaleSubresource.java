package io.podyard.apiserver.rest;

import io.podyard.api.resource.ResourceType;
import io.podyard.api.selector.LabelSelector;
import io.podyard.apiserver.storage.ObjectStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /scale}: an {@code autoscaling/v1} Scale view of a workload's replica count, read from
 * and written to its spec.replicas; status shows the replicas seen and the selector as a string.
 * A write is a spec change like any other, so it goes through {@link ObjectLifecycle#prepareUpdate}
 * (generation moves only when the count does; the workload is validated).
 */
final class ScaleSubresource {
    private final ObjectStore store;
    private final ObjectLifecycle lifecycle;

    ScaleSubresource(ObjectStore store, ObjectLifecycle lifecycle) {
        this.store = store;
        this.lifecycle = lifecycle;
    }

    ObjectNode get(ResourceType type, String ns, String name) {
        return view(store.get(type, ns, name).orElseThrow(() -> ApiException.notFound(type, name)));
    }

    ObjectNode update(ResourceType type, String ns, String name, ObjectNode scale) {
        JsonNode replicas = scale.path("spec").path("replicas");
        if (!replicas.isIntegralNumber() || replicas.asLong() < 0 || replicas.asLong() > Integer.MAX_VALUE) {
            throw ApiException.invalid(type, name, java.util.List.of(ApiException.invalidField("spec.replicas",
                    replicas.isMissingNode() ? null : replicas.toString(), "must be greater than or equal to 0")));
        }
        String expected = Json.text(scale.path("metadata"), "resourceVersion");
        ObjectNode updated = store.update(type, ns, name, expected == null || expected.isEmpty() ? null : expected,
                old -> {
                    ObjectNode scaled = old.deepCopy();
                    Json.child(scaled, "spec").put("replicas", replicas.asInt());
                    return lifecycle.prepareUpdate(type, old, scaled);
                });
        return view(updated);
    }

    private static ObjectNode view(ObjectNode object) {
        ObjectNode scale = Json.MAPPER.createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode source = object.path("metadata");
        for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (source.has(field)) {
                meta.set(field, source.get(field));
            }
        }
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        JsonNode selector = object.path("spec").path("selector");
        if (selector.isObject()) {
            status.put("selector", LabelSelector.from(Json.MAPPER.treeToValue(selector,
                    io.fabric8.kubernetes.api.model.LabelSelector.class)).toString());
        }
        return scale;
    }
}
