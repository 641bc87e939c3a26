package io.podyard.node.registration;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.podyard.node.images.Image;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Node object this agent registers and keeps up to date (pure): kubelet's labels, the
 * podCIDR, capacity and allocatable (capacity minus {@link SystemReserved}), addresses,
 * nodeInfo, the images present (largest first, at most 50, as kubelet reports them) and the
 * conditions.
 */
public final class NodeDocument {
    public static final String KUBELET_VERSION = "v1.32.0-podyard";
    static final int MAX_IMAGES = 50;
    static final int MAX_PODS = 110;

    private NodeDocument() {
    }

    public static Map<String, String> labels(String nodeName, NodeFacts facts) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", nodeName);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", facts.architecture());
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("beta.kubernetes.io/arch", facts.architecture());
        return labels;
    }

    public static Node node(String nodeName, NodeFacts facts, String podCidr, NodeStatus status) {
        return new NodeBuilder().withNewMetadata().withName(nodeName).withLabels(labels(nodeName, facts)).endMetadata()
                .withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec().withStatus(status).build();
    }

    public static NodeStatus status(NodeFacts facts, SystemReserved reserved, List<Image> images,
                                    List<NodeCondition> conditions) {
        long cpuMillis = facts.cpuCores() * 1000L;
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(Integer.toString(facts.cpuCores())));
        capacity.put("ephemeral-storage", kibibytes(facts.ephemeralBytes()));
        capacity.put("memory", kibibytes(facts.memoryBytes()));
        capacity.put("pods", new Quantity(Integer.toString(MAX_PODS)));
        Map<String, Quantity> allocatable = new LinkedHashMap<>();
        allocatable.put("cpu", millicores(Math.max(0, cpuMillis - reserved.cpuMillis())));
        allocatable.put("ephemeral-storage",
                kibibytes(Math.max(0, facts.ephemeralBytes() - reserved.ephemeralStorageBytes())));
        allocatable.put("memory", kibibytes(Math.max(0, facts.memoryBytes() - reserved.memoryBytes())));
        allocatable.put("pods", new Quantity(Integer.toString(MAX_PODS)));
        return new NodeStatusBuilder().withCapacity(capacity).withAllocatable(allocatable)
                .withAddresses(new NodeAddress(facts.internalIp(), "InternalIP"),
                        new NodeAddress(facts.hostname(), "Hostname"))
                .withNewNodeInfo().withArchitecture(facts.architecture()).withOperatingSystem("linux")
                .withKernelVersion(facts.kernelVersion()).withOsImage(facts.osImage())
                .withContainerRuntimeVersion(facts.runtimeVersion()).withKubeletVersion(KUBELET_VERSION)
                .withKubeProxyVersion("").withMachineID(facts.machineId()).withBootID(facts.bootId())
                .withSystemUUID(facts.systemUuid()).endNodeInfo()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(facts.kubeletPort()).endKubeletEndpoint().endDaemonEndpoints()
                .withImages(images(images)).withConditions(conditions).build();
    }

    static List<ContainerImage> images(List<Image> images) {
        List<ContainerImage> out = new ArrayList<>();
        images.stream().sorted(Comparator.comparingLong(Image::size).reversed()).limit(MAX_IMAGES).forEach(image -> {
            List<String> names = new ArrayList<>(image.repoDigests());
            names.addAll(image.repoTags());
            out.add(new ContainerImage(names.isEmpty() ? List.of(image.id().toString()) : names, image.size()));
        });
        return out;
    }

    static Quantity kibibytes(long bytes) {
        return new Quantity(Long.toString(bytes / 1024) + "Ki");
    }

    static Quantity millicores(long millis) {
        return new Quantity(millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m");
    }
}
