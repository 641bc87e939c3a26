package io.podyard.node.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A hostPort of the pod, as the portmap plugin's runtimeConfig takes it. */
public record PortMapping(int hostPort, int containerPort, String protocol, String hostIP) {
    public PortMapping {
        if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("ports must be within 1-65535: " + hostPort + "->" + containerPort);
        }
        protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol.toLowerCase(Locale.ROOT);
        hostIP = hostIP == null ? "" : hostIP;
    }

    /** Every container port of the pod that asks for a hostPort, in declaration order. */
    public static List<PortMapping> fromPod(Pod pod) {
        List<PortMapping> mappings = new ArrayList<>();
        List<Container> containers = pod.getSpec() == null ? List.of() : pod.getSpec().getContainers();
        for (Container container : containers) {
            for (ContainerPort port : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() > 0) {
                    mappings.add(new PortMapping(port.getHostPort(), port.getContainerPort(), port.getProtocol(),
                            port.getHostIP()));
                }
            }
        }
        return mappings;
    }
}
