package io.podyard.api.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The validation Kubernetes applies to the kinds Podyard's later stages depend on: labels, pod
 * specs (also inside workload templates), services and workloads. Returns every problem found, each
 * naming its field, so the API can answer 422 Invalid with one cause per field.
 */
public final class ObjectValidation {
    private static final String[] RESTART_POLICIES = {"Always", "OnFailure", "Never"};

    private ObjectValidation() {}

    /** The problems of a defaulted object of {@code kind}; empty when it is valid. */
    public static List<FieldError> validate(String kind, JsonNode object) {
        List<FieldError> errors = new ArrayList<>();
        labels(object.path("metadata").path("labels"), "metadata.labels", errors);
        JsonNode spec = object.path("spec");
        switch (kind) {
            case "Pod" -> podSpec(spec, "spec", errors);
            case "Service" -> ServiceValidation.validate(spec, errors);
            case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet" -> workload(kind, spec, errors);
            case "Job" -> {
                template(spec, "spec.template", errors);
                String policy = spec.path("template").path("spec").path("restartPolicy").asString("");
                if (!policy.equals("OnFailure") && !policy.equals("Never")) {
                    errors.add(FieldError.notSupported("spec.template.spec.restartPolicy", policy, "OnFailure", "Never"));
                }
            }
            default -> { }
        }
        return errors;
    }

    private static void labels(JsonNode labels, String path, List<FieldError> errors) {
        for (var e : labels.properties()) {
            for (String problem : Names.qualifiedName(e.getKey())) {
                errors.add(FieldError.invalid(path, e.getKey(), problem));
            }
            for (String problem : Names.labelValue(e.getValue().asString(""))) {
                errors.add(FieldError.invalid(path, e.getValue().asString(""), problem));
            }
        }
    }

    private static void workload(String kind, JsonNode spec, List<FieldError> errors) {
        if (spec.has("replicas") && spec.get("replicas").asLong() < 0) {
            errors.add(FieldError.invalid("spec.replicas", spec.get("replicas").asLong(),
                    "must be greater than or equal to 0"));
        }
        JsonNode selector = spec.path("selector");
        if (!selector.isObject() || (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty())) {
            errors.add(FieldError.required("spec.selector"));
        } else {
            JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
            for (var e : selector.path("matchLabels").properties()) {
                if (!e.getValue().equals(templateLabels.get(e.getKey()))) {
                    errors.add(FieldError.invalid("spec.template.metadata.labels", new GoMap(templateLabels),
                            "`selector` does not match template `labels`"));
                    break;
                }
            }
        }
        template(spec, "spec.template", errors);
        if (!kind.equals("StatefulSet") && !kind.equals("DaemonSet")) {
            String policy = spec.path("template").path("spec").path("restartPolicy").asString("Always");
            if (!policy.equals("Always")) {
                errors.add(FieldError.notSupported("spec.template.spec.restartPolicy", policy, "Always"));
            }
        }
    }

    /** Labels as Go's %#v prints a map[string]string, which is how Kubernetes shows the value. */
    private record GoMap(JsonNode labels) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("map[string]string{");
            boolean first = true;
            for (var e : labels.properties()) {
                sb.append(first ? "" : ", ").append('"').append(e.getKey()).append("\":\"")
                        .append(e.getValue().asString("")).append('"');
                first = false;
            }
            return sb.append('}').toString();
        }
    }

    private static void template(JsonNode spec, String path, List<FieldError> errors) {
        JsonNode template = spec.path("template");
        labels(template.path("metadata").path("labels"), path + ".metadata.labels", errors);
        podSpec(template.path("spec"), path + ".spec", errors);
    }

    static void podSpec(JsonNode spec, String path, List<FieldError> errors) {
        JsonNode containers = spec.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            errors.add(FieldError.required(path + ".containers"));
        }
        Set<String> names = new HashSet<>();
        containers(spec.path("initContainers"), path + ".initContainers", names, errors);
        containers(containers, path + ".containers", names, errors);
        String policy = spec.path("restartPolicy").asString("Always");
        if (!List.of(RESTART_POLICIES).contains(policy)) {
            errors.add(FieldError.notSupported(path + ".restartPolicy", policy, RESTART_POLICIES));
        }
    }

    private static void containers(JsonNode list, String path, Set<String> names, List<FieldError> errors) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String at = path + "[" + i + "]";
            String name = c.path("name").asString("");
            if (name.isEmpty()) {
                errors.add(FieldError.required(at + ".name"));
            } else {
                for (String problem : Names.dns1123Label(name)) {
                    errors.add(FieldError.invalid(at + ".name", name, problem));
                }
                if (!names.add(name)) {
                    errors.add(FieldError.duplicate(at + ".name", name));
                }
            }
            if (c.path("image").asString("").isBlank()) {
                errors.add(FieldError.required(at + ".image"));
            }
            JsonNode ports = c.path("ports");
            for (int p = 0; p < ports.size(); p++) {
                port(ports.get(p).path("containerPort"), at + ".ports[" + p + "].containerPort", true, errors);
            }
        }
    }

    static void port(JsonNode value, String field, boolean required, List<FieldError> errors) {
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                errors.add(FieldError.required(field));
            }
            return;
        }
        long port = value.asLong(0);
        if (port < 1 || port > 65535) {
            errors.add(FieldError.invalid(field, port, "must be between 1 and 65535, inclusive"));
        }
    }
}
