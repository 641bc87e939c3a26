package io.podyard.apiserver.services;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.podyard.apiserver.rest.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the Service registry does to an update before allocating (pure, on JSON): fields that a
 * type change leaves behind are dropped (dropTypeDependentFields), values the client left out are
 * carried over from the stored Service (patchAllocatedValues: a PUT without clusterIP or a port's
 * nodePort keeps them), then the cluster IP must not have changed unless the Service moves to or
 * from ExternalName.
 */
final class ServiceUpdates {
    private ServiceUpdates() {}

    /** Adjusts {@code updated} in place; the causes of a refused change (empty when allowed). */
    static List<StatusCause> prepare(JsonNode old, ObjectNode updated) {
        JsonNode oldSpec = old.path("spec");
        if (!(updated.get("spec") instanceof ObjectNode spec)) {
            return List.of();
        }
        String oldType = oldSpec.path("type").asString("ClusterIP");
        String type = spec.path("type").asString("ClusterIP");
        dropTypeDependent(oldSpec, oldType, spec, type);
        patchAllocated(oldSpec, oldType, spec, type);
        List<StatusCause> causes = new ArrayList<>();
        String oldIp = oldSpec.path("clusterIP").asString("");
        String ip = spec.path("clusterIP").asString("");
        if (ServiceHolds.needsClusterIp(oldType) && ServiceHolds.needsClusterIp(type) && !oldIp.isEmpty()
                && !oldIp.equals(ip)) {
            causes.add(ApiException.invalidField("spec.clusterIP", ip, "field is immutable"));
            causes.add(ApiException.invalidField("spec.clusterIPs[0]", new GoStrings(List.of(ip)),
                    "may not change once set"));
        }
        return causes;
    }

    private static void dropTypeDependent(JsonNode oldSpec, String oldType, ObjectNode spec, String type) {
        if (type.equals("ExternalName") && !oldType.equals("ExternalName")
                && sameText(oldSpec, spec, "clusterIP")) {
            for (String field : new String[] {"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"}) {
                spec.remove(field);
            }
        }
        if (ServiceHolds.needsNodePorts(oldType) && !ServiceHolds.needsNodePorts(type)) {
            Map<String, Integer> oldPorts = nodePortsByName(oldSpec);
            for (JsonNode p : spec.path("ports")) {
                if (p instanceof ObjectNode port && port.path("nodePort").asInt(0)
                        == oldPorts.getOrDefault(port.path("name").asString(""), -1)) {
                    port.remove("nodePort");
                }
            }
        }
        if (!type.equals("NodePort") && !type.equals("LoadBalancer") && oldSpec.has("externalTrafficPolicy")
                && sameText(oldSpec, spec, "externalTrafficPolicy")) {
            spec.remove("externalTrafficPolicy");
        }
        if (!type.equals("LoadBalancer") && sameText(oldSpec, spec, "allocateLoadBalancerNodePorts")) {
            spec.remove("allocateLoadBalancerNodePorts");
        }
    }

    private static void patchAllocated(JsonNode oldSpec, String oldType, ObjectNode spec, String type) {
        if (ServiceHolds.needsClusterIp(oldType) && ServiceHolds.needsClusterIp(type)
                && spec.path("clusterIP").asString("").isEmpty() && oldSpec.has("clusterIP")) {
            spec.set("clusterIP", oldSpec.get("clusterIP").deepCopy());
            if (oldSpec.has("clusterIPs")) {
                spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
        }
        if (ServiceHolds.needsNodePorts(oldType) && ServiceHolds.needsNodePorts(type)) {
            Map<String, Integer> oldPorts = nodePortsByName(oldSpec);
            Set<Integer> used = new HashSet<>(nodePortsByName(spec).values());
            for (JsonNode p : spec.path("ports")) {
                Integer previous = oldPorts.get(p.path("name").asString(""));
                if (p instanceof ObjectNode port && port.path("nodePort").asInt(0) == 0 && previous != null
                        && previous > 0 && !used.contains(previous)) {
                    port.put("nodePort", previous);
                }
            }
        }
    }

    private static Map<String, Integer> nodePortsByName(JsonNode spec) {
        Map<String, Integer> ports = new HashMap<>();
        for (JsonNode port : spec.path("ports")) {
            ports.put(port.path("name").asString(""), port.path("nodePort").asInt(0));
        }
        return ports;
    }

    private static boolean sameText(JsonNode a, JsonNode b, String field) {
        return a.path(field).asString("").equals(b.path(field).asString(""));
    }

    /** A string list as Kubernetes prints it in a field error: {@code ["10.0.0.1"]}. */
    record GoStrings(List<String> values) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < values.size(); i++) {
                sb.append(i == 0 ? "" : ",").append('"').append(values.get(i)).append('"');
            }
            return sb.append(']').toString();
        }
    }
}
