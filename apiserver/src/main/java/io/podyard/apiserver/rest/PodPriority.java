package io.podyard.apiserver.rest;

import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.storage.ObjectStore;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' Priority admission for new pods: {@code spec.priority} comes from the PriorityClass
 * named in {@code spec.priorityClassName}, or from the class marked globalDefault, else 0. A class
 * that does not exist, or a priority given by hand that differs from the class's, is refused.
 */
final class PodPriority {
    private final ObjectStore store;
    private final ResourceType classes;

    PodPriority(ResourceRegistry registry, ObjectStore store) {
        this.store = store;
        this.classes = registry.byPlural("scheduling.k8s.io", "v1", "priorityclasses").orElseThrow();
    }

    void admit(String podName, ObjectNode pod) {
        ObjectNode spec = Json.child(pod, "spec");
        String className = Json.text(spec, "priorityClassName");
        Optional<ObjectNode> priorityClass;
        if (className == null || className.isEmpty()) {
            priorityClass = globalDefault();
            priorityClass.ifPresent(c -> spec.put("priorityClassName", Json.text(c.path("metadata"), "name")));
        } else {
            priorityClass = store.get(classes, null, className);
            if (priorityClass.isEmpty()) {
                throw ApiException.forbidden("pods \"" + podName + "\" is forbidden: no PriorityClass with name "
                        + className + " was found");
            }
        }
        int value = priorityClass.map(c -> c.path("value").asInt(0)).orElse(0);
        JsonNode given = spec.get("priority");
        if (given != null && !given.isNull() && given.asInt() != value) {
            throw ApiException.forbidden("pods \"" + podName + "\" is forbidden: the integer value of priority ("
                    + given.asInt() + ") must not be provided in pod spec; priority admission controller computed "
                    + value + " from the given PriorityClass name");
        }
        spec.put("priority", value);
        if (!spec.hasNonNull("preemptionPolicy")) {
            spec.put("preemptionPolicy", priorityClass.map(c -> Json.text(c, "preemptionPolicy"))
                    .filter(p -> p != null && !p.isEmpty()).orElse("PreemptLowerPriority"));
        }
    }

    private Optional<ObjectNode> globalDefault() {
        return store.list(classes, null, c -> c.path("globalDefault").asBoolean(false), 0, null, 0).items().stream()
                .findFirst();
    }
}
