package io.podyard.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.podyard.controllers.pods.Pods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a Service makes of one pod, shared by the EndpointSlice and Endpoints controllers (pure):
 * whether its selector picks the pod, the pod's address, its conditions (Kubernetes'
 * podToEndpoint: serving = the pod is Ready, terminating = it has a deletionTimestamp, ready =
 * serving and not terminating, or publishNotReadyAddresses), its hostname behind a headless
 * Service (spec.hostname with spec.subdomain = the Service's name), and the Service's ports with
 * named target ports resolved against the pod's container ports.
 */
public final class ServiceEndpoints {
    private ServiceEndpoints() {}

    /** A Service port as it reaches one pod. */
    public record ResolvedPort(String name, int port, String protocol, String appProtocol) {}

    /** One pod behind a Service. */
    public record PodEndpoint(Pod pod, String ip, boolean ready, boolean serving, boolean terminating,
                              String hostname, List<ResolvedPort> ports) {}

    /** Whether the Service has a selector at all: without one, its endpoints are the user's to write. */
    public static boolean hasSelector(Service service) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        return selector != null && !selector.isEmpty();
    }

    /** Whether the Service's selector picks the pod (same namespace, every selector label matches). */
    public static boolean selects(Service service, Pod pod) {
        if (!hasSelector(service) || !service.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())) {
            return false;
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        return service.getSpec().getSelector().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /**
     * The pod as an endpoint of the Service, or empty when it has no address yet or has finished.
     * A terminating pod counts only when {@code includeTerminating} (EndpointSlices always; the
     * legacy Endpoints only with publishNotReadyAddresses).
     */
    public static Optional<PodEndpoint> of(Service service, Pod pod, boolean includeTerminating) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        String phase = Pods.phase(pod);
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        if (ip == null || ip.isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")
                || (terminating && !includeTerminating)) {
            return Optional.empty();
        }
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        boolean serving = Pods.isReady(pod);
        boolean ready = publishNotReady || (serving && !terminating);
        return Optional.of(new PodEndpoint(pod, ip, ready, serving, terminating, hostname(service, pod),
                ports(service, pod)));
    }

    private static String hostname(Service service, Pod pod) {
        String hostname = pod.getSpec() == null ? null : pod.getSpec().getHostname();
        return hostname != null && !hostname.isEmpty() && service.getMetadata().getName().equals(
                pod.getSpec().getSubdomain()) ? hostname : null;
    }

    /** The Service's ports for this pod; a port whose named target the pod lacks is left out. */
    static List<ResolvedPort> ports(Service service, Pod pod) {
        List<ResolvedPort> ports = new ArrayList<>();
        for (ServicePort port : service.getSpec().getPorts() == null ? List.<ServicePort>of()
                : service.getSpec().getPorts()) {
            String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
            OptionalInt target = targetPort(port, protocol, pod);
            if (target.isPresent()) {
                ports.add(new ResolvedPort(port.getName() == null ? "" : port.getName(), target.getAsInt(), protocol,
                        port.getAppProtocol()));
            }
        }
        return ports;
    }

    /** Kubernetes' FindPort: a number as is; a name looked up among the containers' ports of that protocol. */
    static OptionalInt targetPort(ServicePort port, String protocol, Pod pod) {
        IntOrString target = port.getTargetPort();
        if (target == null) {
            return OptionalInt.of(port.getPort());
        }
        if (target.getIntVal() != null) {
            return OptionalInt.of(target.getIntVal());
        }
        String name = target.getStrVal();
        for (Container container : pod.getSpec().getContainers()) {
            for (ContainerPort cp : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                String cpProtocol = cp.getProtocol() == null ? "TCP" : cp.getProtocol();
                if (name.equals(cp.getName()) && protocol.equals(cpProtocol)) {
                    return OptionalInt.of(cp.getContainerPort());
                }
            }
        }
        return OptionalInt.empty();
    }
}
