package io.podyard.api.defaults;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' defaulting for the kinds whose defaults users see in {@code kubectl get -o yaml} and
 * controllers rely on: pods and pod templates, services, and the workload kinds. Applied to the
 * JSON of an object before it is validated and stored; fields the user set are left alone.
 */
public final class Defaults {
    private Defaults() {}

    /** Fills in the defaults of a {@code kind}; other kinds are left unchanged. */
    public static void apply(String kind, ObjectNode object) {
        switch (kind) {
            case "Pod" -> podSpec(child(object, "spec"));
            case "Service" -> service(child(object, "spec"));
            case "Secret" -> def(object, "type", "Opaque");
            case "Deployment" -> deployment(child(object, "spec"));
            case "ReplicaSet" -> {
                def(child(object, "spec"), "replicas", 1);
                template(child(object, "spec"));
            }
            case "StatefulSet" -> statefulSet(child(object, "spec"));
            case "DaemonSet" -> daemonSet(child(object, "spec"));
            case "Job" -> job(child(object, "spec"));
            case "CronJob" -> cronJob(child(object, "spec"));
            default -> { }
        }
    }

    static void podSpec(ObjectNode spec) {
        def(spec, "restartPolicy", "Always");
        def(spec, "dnsPolicy", "ClusterFirst");
        def(spec, "terminationGracePeriodSeconds", 30);
        def(spec, "schedulerName", "default-scheduler");
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        for (String list : new String[] {"initContainers", "containers"}) {
            if (spec.get(list) instanceof ArrayNode containers) {
                for (JsonNode c : containers) {
                    if (c instanceof ObjectNode container) {
                        container(container);
                    }
                }
            }
        }
    }

    private static void container(ObjectNode c) {
        def(c, "terminationMessagePath", "/dev/termination-log");
        def(c, "terminationMessagePolicy", "File");
        def(c, "imagePullPolicy", pullPolicy(c.path("image").asString("")));
        if (!c.has("resources")) {
            c.putObject("resources");
        }
        if (c.get("ports") instanceof ArrayNode ports) {
            for (JsonNode p : ports) {
                if (p instanceof ObjectNode port) {
                    def(port, "protocol", "TCP");
                }
            }
        }
    }

    /** Always for :latest or an untagged image, IfNotPresent otherwise; a digest counts as a tag. */
    static String pullPolicy(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        return !tagged || image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }

    private static void service(ObjectNode spec) {
        def(spec, "type", "ClusterIP");
        def(spec, "sessionAffinity", "None");
        String type = spec.path("type").asString();
        if (!"ExternalName".equals(type)) {
            def(spec, "internalTrafficPolicy", "Cluster");
        }
        if ("NodePort".equals(type) || "LoadBalancer".equals(type)) {
            def(spec, "externalTrafficPolicy", "Cluster");
        }
        if ("LoadBalancer".equals(type)) {
            def(spec, "allocateLoadBalancerNodePorts", true);
        }
        if ("ClientIP".equals(spec.path("sessionAffinity").asString())) {
            def(child(child(spec, "sessionAffinityConfig"), "clientIP"), "timeoutSeconds", 10800);
        }
        clusterIps(spec);
        if (spec.get("ports") instanceof ArrayNode ports) {
            for (JsonNode p : ports) {
                if (p instanceof ObjectNode port) {
                    def(port, "protocol", "TCP");
                    if (!port.has("targetPort") && port.has("port")) {
                        port.set("targetPort", port.get("port"));
                    }
                }
            }
        }
    }

    /**
     * As the service strategy's normalizeClusterIPs: clusterIP and clusterIPs[0] say the same, whichever
     * of the two the user set.
     */
    private static void clusterIps(ObjectNode spec) {
        String single = spec.path("clusterIP").asString("");
        JsonNode list = spec.path("clusterIPs");
        if (single.isEmpty() && list.isArray() && !list.isEmpty()) {
            spec.put("clusterIP", list.get(0).asString(""));
        } else if (!single.isEmpty() && (!list.isArray() || list.isEmpty())) {
            spec.putArray("clusterIPs").add(single);
        }
    }

    private static void deployment(ObjectNode spec) {
        def(spec, "replicas", 1);
        def(spec, "revisionHistoryLimit", 10);
        def(spec, "progressDeadlineSeconds", 600);
        ObjectNode strategy = child(spec, "strategy");
        def(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asString().equals("RollingUpdate")) {
            ObjectNode rolling = child(strategy, "rollingUpdate");
            def(rolling, "maxUnavailable", "25%");
            def(rolling, "maxSurge", "25%");
        }
        template(spec);
    }

    private static void statefulSet(ObjectNode spec) {
        def(spec, "replicas", 1);
        def(spec, "podManagementPolicy", "OrderedReady");
        def(spec, "revisionHistoryLimit", 10);
        ObjectNode strategy = child(spec, "updateStrategy");
        def(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asString().equals("RollingUpdate")) {
            def(child(strategy, "rollingUpdate"), "partition", 0);
        }
        template(spec);
    }

    private static void daemonSet(ObjectNode spec) {
        def(spec, "revisionHistoryLimit", 10);
        ObjectNode strategy = child(spec, "updateStrategy");
        def(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asString().equals("RollingUpdate")) {
            ObjectNode rolling = child(strategy, "rollingUpdate");
            def(rolling, "maxUnavailable", 1);
            def(rolling, "maxSurge", 0);
        }
        template(spec);
    }

    private static void job(ObjectNode spec) {
        def(spec, "backoffLimit", 6);
        def(spec, "completionMode", "NonIndexed");
        def(spec, "suspend", false);
        template(spec);
    }

    private static void cronJob(ObjectNode spec) {
        def(spec, "concurrencyPolicy", "Allow");
        def(spec, "suspend", false);
        def(spec, "successfulJobsHistoryLimit", 3);
        def(spec, "failedJobsHistoryLimit", 1);
        template(child(child(spec, "jobTemplate"), "spec"));
    }

    private static void template(ObjectNode spec) {
        if (spec.get("template") instanceof ObjectNode template && template.get("spec") instanceof ObjectNode podSpec) {
            podSpec(podSpec);
        }
    }

    private static ObjectNode child(ObjectNode node, String field) {
        return node.get(field) instanceof ObjectNode o ? o : node.putObject(field);
    }

    private static void def(ObjectNode node, String field, String value) {
        if (!node.has(field) || node.get(field).isNull()) {
            node.put(field, value);
        }
    }

    private static void def(ObjectNode node, String field, int value) {
        if (!node.has(field) || node.get(field).isNull()) {
            node.put(field, value);
        }
    }

    private static void def(ObjectNode node, String field, boolean value) {
        if (!node.has(field) || node.get(field).isNull()) {
            node.put(field, value);
        }
    }
}
