package io.podyard.apiserver.services;

import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** What a stored Service holds: its cluster IP (none when headless or ExternalName) and node ports. */
record ServiceHolds(Set<String> ips, Set<Integer> nodePorts) {
    static ServiceHolds of(JsonNode service) {
        JsonNode spec = service.path("spec");
        Set<String> ips = new LinkedHashSet<>();
        Set<Integer> ports = new LinkedHashSet<>();
        String type = spec.path("type").asString("ClusterIP");
        String ip = spec.path("clusterIP").asString("");
        if (!type.equals("ExternalName") && !ip.isEmpty() && !ip.equals("None")) {
            ips.add(ip);
        }
        if (needsNodePorts(type)) {
            for (JsonNode port : spec.path("ports")) {
                int nodePort = port.path("nodePort").asInt(0);
                if (nodePort > 0) {
                    ports.add(nodePort);
                }
            }
        }
        return new ServiceHolds(ips, ports);
    }

    static boolean needsNodePorts(String type) {
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    static boolean needsClusterIp(String type) {
        return !type.equals("ExternalName");
    }
}
