package io.podyard.api.table;

import static io.podyard.api.table.Column.AGE;
import static io.podyard.api.table.Column.NAME;
import static io.podyard.api.table.Fields.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Nodes: readiness and cordoning, roles from labels, kubelet version; wide adds addresses and OS. */
final class NodeColumns {
    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";
    private static final String ADDRESSES_DOC = "List of addresses reachable to the node.";

    static final KindColumns NODE = KindColumns.of(
            List.of(NAME,
                    Column.string("Status", "The status of the node"),
                    Column.string("Roles", "The roles of the node"),
                    AGE,
                    Column.string("Version", "Kubelet Version reported by the node."),
                    Column.wide("Internal-IP", "string", ADDRESSES_DOC),
                    Column.wide("External-IP", "string", ADDRESSES_DOC),
                    Column.wide("OS-Image", "string", "OS Image reported by the node from /etc/os-release."),
                    Column.wide("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r'."),
                    Column.wide("Container-Runtime", "string", "ContainerRuntime Version reported by the node"
                            + " through runtime remote API.")),
            (node, now) -> {
                JsonNode info = node.path("status").path("nodeInfo");
                return List.of(Fields.name(node), status(node), roles(node), Fields.age(node, now),
                        text(info, "kubeletVersion"), address(node, "InternalIP"), address(node, "ExternalIP"),
                        orUnknown(text(info, "osImage")), orUnknown(text(info, "kernelVersion")),
                        orUnknown(text(info, "containerRuntimeVersion")));
            });

    private NodeColumns() {}

    /** Ready or NotReady from the (last) Ready condition, Unknown without one; SchedulingDisabled when cordoned. */
    private static String status(JsonNode node) {
        String ready = null;
        for (JsonNode condition : node.path("status").path("conditions")) {
            if (text(condition, "type").equals("Ready")) {
                ready = text(condition, "status").equals("True") ? "Ready" : "NotReady";
            }
        }
        List<String> status = new ArrayList<>();
        status.add(ready == null ? "Unknown" : ready);
        if (Fields.bool(node, "spec", "unschedulable")) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    /** Roles from node-role.kubernetes.io/<role> keys and kubernetes.io/role values, sorted and distinct. */
    private static String roles(JsonNode node) {
        TreeSet<String> roles = new TreeSet<>();
        for (Map.Entry<String, String> label : Fields.stringMap(node, "metadata", "labels").entrySet()) {
            String key = label.getKey();
            if (key.startsWith(ROLE_PREFIX) && key.length() > ROLE_PREFIX.length()) {
                roles.add(key.substring(ROLE_PREFIX.length()));
            } else if (key.equals(ROLE_LABEL) && !label.getValue().isEmpty()) {
                roles.add(label.getValue());
            }
        }
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode address : node.path("status").path("addresses")) {
            if (text(address, "type").equals(type)) {
                return text(address, "address");
            }
        }
        return "<none>";
    }

    private static String orUnknown(String text) {
        return text.isEmpty() ? "<unknown>" : text;
    }
}
