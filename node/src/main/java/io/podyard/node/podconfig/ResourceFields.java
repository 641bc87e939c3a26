package io.podyard.node.podconfig;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.podyard.node.runtime.ContainerConfigException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The container resources the downward API exposes (resourceFieldRef), for env and for downwardAPI
 * volumes, as kubelet resolves them: {@code limits.*} and {@code requests.*} of cpu, memory,
 * ephemeral-storage and hugepages, divided by the divisor and rounded up; an unset cpu, memory or
 * ephemeral-storage limit reads as the node's allocatable (kubelet's defaultPodLimitsForDownwardAPI).
 */
public final class ResourceFields {
    private static final List<String> DEFAULTED_LIMITS = List.of("cpu", "memory", "ephemeral-storage");

    private ResourceFields() {
    }

    /**
     * @param defaultContainer the container a selector without containerName means (env), or null (volumes,
     *                         where the name is required)
     * @throws ContainerConfigException for an unknown container or resource
     */
    public static String value(Pod pod, ResourceFieldSelector selector, String defaultContainer,
                               Map<String, Quantity> allocatable) {
        String name = selector.getContainerName() == null || selector.getContainerName().isEmpty()
                ? defaultContainer : selector.getContainerName();
        if (name == null) {
            throw new ContainerConfigException("resourceFieldRef " + selector.getResource() + ": containerName is required");
        }
        Container container = containers(pod).filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new ContainerConfigException("resourceFieldRef " + selector.getResource()
                        + ": no container " + name + " in the pod"));
        String resource = selector.getResource() == null ? "" : selector.getResource();
        int dot = resource.indexOf('.');
        String kind = dot < 0 ? "" : resource.substring(0, dot);
        String type = dot < 0 ? "" : resource.substring(dot + 1);
        boolean known = DEFAULTED_LIMITS.contains(type) || type.startsWith("hugepages-");
        if (!known || !(kind.equals("limits") || kind.equals("requests"))) {
            throw new ContainerConfigException("unsupported container resource : " + resource);
        }
        ResourceRequirements resources = container.getResources();
        Map<String, Quantity> set = resources == null ? null
                : kind.equals("limits") ? resources.getLimits() : resources.getRequests();
        Optional<Quantity> quantity = Optional.ofNullable(set).map(m -> m.get(type));
        if (quantity.isEmpty() && kind.equals("limits") && DEFAULTED_LIMITS.contains(type)) {
            quantity = Optional.ofNullable(allocatable.get(type));
        }
        BigDecimal amount = quantity.map(Quantity::getNumericalAmount).orElse(BigDecimal.ZERO);
        BigDecimal divisor = selector.getDivisor() == null ? BigDecimal.ONE : selector.getDivisor().getNumericalAmount();
        if (divisor.signum() <= 0) {
            throw new ContainerConfigException("resourceFieldRef " + resource + ": divisor must be positive");
        }
        if (type.equals("cpu")) {
            // kubelet divides millicores by the divisor's millicores, so 0.5 cpu with divisor 1 reads "1".
            amount = amount.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING);
            divisor = divisor.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING);
        }
        return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    private static Stream<Container> containers(Pod pod) {
        var spec = pod.getSpec();
        return Stream.concat(spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream(),
                spec.getContainers() == null ? Stream.empty() : spec.getContainers().stream());
    }
}
