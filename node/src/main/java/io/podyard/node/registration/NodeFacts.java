package io.podyard.node.registration;

import java.util.Objects;

/**
 * What a node is, read from the host once at start.
 *
 * @param architecture Go's name (amd64, arm64), as the kubernetes.io/arch label wants it
 * @param runtimeVersion e.g. {@code runc://1.1.5}
 * @param kubeletPort the node server's port (status.daemonEndpoints.kubeletEndpoint), 0 when none runs
 */
public record NodeFacts(String hostname, String internalIp, int cpuCores, long memoryBytes, long ephemeralBytes,
                        String kernelVersion, String osImage, String architecture, String runtimeVersion,
                        String machineId, String bootId, String systemUuid, int kubeletPort) {
    public NodeFacts {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(internalIp, "internalIp");
        Objects.requireNonNull(kernelVersion, "kernelVersion");
        Objects.requireNonNull(osImage, "osImage");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(runtimeVersion, "runtimeVersion");
        machineId = machineId == null ? "" : machineId;
        bootId = bootId == null ? "" : bootId;
        systemUuid = systemUuid == null ? "" : systemUuid;
    }

    public NodeFacts withKubeletPort(int port) {
        return new NodeFacts(hostname, internalIp, cpuCores, memoryBytes, ephemeralBytes, kernelVersion, osImage,
                architecture, runtimeVersion, machineId, bootId, systemUuid, port);
    }
}
