package io.podyard.node.sandbox;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CNI network configurations of a pod, one object per plugin invocation: the loopback network
 * on "lo", then the pod network on "eth0" — bridge with host-local IPAM, followed by portmap when
 * the pod has hostPorts. Pure: the same inputs give the same JSON.
 */
final class CniConfigs {
    static final String CNI_VERSION = "1.0.0";
    static final String LOOPBACK_IFNAME = "lo";
    static final String POD_IFNAME = "eth0";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CniConfigs() {
    }

    /** The loopback network: brings "lo" up inside the namespace. */
    static List<ObjectNode> loopback() {
        ObjectNode lo = JSON.objectNode();
        lo.put("cniVersion", CNI_VERSION);
        lo.put("name", "cni-loopback");
        lo.put("type", "loopback");
        return List.of(lo);
    }

    /** The pod network chain: bridge (+ portmap when {@code ports} is not empty). */
    static List<ObjectNode> podNetwork(PodNetwork network, List<PortMapping> ports) {
        List<ObjectNode> chain = new ArrayList<>();
        chain.add(bridge(network));
        if (!ports.isEmpty()) {
            chain.add(portmap(network, ports));
        }
        return List.copyOf(chain);
    }

    static ObjectNode bridge(PodNetwork network) {
        ObjectNode bridge = header(network, "bridge");
        bridge.put("bridge", network.bridge());
        // The bridge holds the gateway address, so its connected route keeps the pod CIDR on the node.
        bridge.put("isGateway", true);
        bridge.put("ipMasq", network.ipMasq());
        // Lets a pod reach itself through a Service address that is DNATed back to it.
        bridge.put("hairpinMode", true);
        if (network.mtu() > 0) {
            bridge.put("mtu", network.mtu());
        }
        ObjectNode ipam = bridge.putObject("ipam");
        ipam.put("type", "host-local");
        ArrayNode range = ipam.putArray("ranges").addArray();
        ObjectNode subnet = range.addObject();
        subnet.put("subnet", network.subnet().toString());
        subnet.put("gateway", network.subnet().gateway());
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        ipam.put("dataDir", network.ipamDataDir().toString());
        return bridge;
    }

    static ObjectNode portmap(PodNetwork network, List<PortMapping> ports) {
        ObjectNode portmap = header(network, "portmap");
        portmap.putObject("capabilities").put("portMappings", true);
        portmap.put("snat", true);
        ArrayNode mappings = portmap.putObject("runtimeConfig").putArray("portMappings");
        for (PortMapping port : ports) {
            ObjectNode mapping = mappings.addObject();
            mapping.put("hostPort", port.hostPort());
            mapping.put("containerPort", port.containerPort());
            mapping.put("protocol", port.protocol());
            if (!port.hostIP().isEmpty()) {
                mapping.put("hostIP", port.hostIP());
            }
        }
        return portmap;
    }

    private static ObjectNode header(PodNetwork network, String type) {
        ObjectNode config = JSON.objectNode();
        config.put("cniVersion", CNI_VERSION);
        config.put("name", network.name());
        config.put("type", type);
        return config;
    }

    /** CNI_ARGS as kubelet's runtimes pass them; IgnoreUnknown keeps plugins from refusing the K8S_ keys. */
    static String args(String namespace, String name, String uid) {
        return "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + namespace + ";K8S_POD_NAME=" + name
                + ";K8S_POD_INFRA_CONTAINER_ID=" + uid + ";K8S_POD_UID=" + uid;
    }
}
