package io.podyard.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.podyard.controllers.endpointslice.ServiceEndpoints;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The legacy Endpoints controller's core (pure): a Service's pods as subsets, ready addresses in
 * {@code addresses} and the rest in {@code notReadyAddresses}, one subset per distinct set of
 * resolved ports (Kubernetes' RepackSubsets), addresses sorted. Terminating pods are left out
 * unless publishNotReadyAddresses; a headless Service without ports lists addresses alone.
 */
public final class EndpointsSync {
    public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

    private EndpointsSync() {}

    public static List<EndpointSubset> subsets(Service service, List<Pod> pods) {
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        Map<String, Group> groups = new TreeMap<>();
        for (Pod pod : pods) {
            if (!ServiceEndpoints.selects(service, pod)) {
                continue;
            }
            ServiceEndpoints.of(service, pod, publishNotReady).ifPresent(e -> {
                List<EndpointPort> ports = e.ports().stream().map(p -> new EndpointPortBuilder().withName(
                        p.name().isEmpty() ? null : p.name()).withPort(p.port()).withProtocol(p.protocol())
                        .withAppProtocol(p.appProtocol()).build()).toList();
                if (ports.isEmpty() && !"None".equals(service.getSpec().getClusterIP())) {
                    return; // nothing to reach it on
                }
                Group group = groups.computeIfAbsent(key(ports), k -> new Group(ports, new ArrayList<>(),
                        new ArrayList<>()));
                (e.ready() ? group.ready() : group.notReady()).add(address(e));
            });
        }
        List<EndpointSubset> subsets = new ArrayList<>();
        for (Group g : groups.values()) {
            g.ready().sort(Comparator.comparing(EndpointAddress::getIp));
            g.notReady().sort(Comparator.comparing(EndpointAddress::getIp));
            subsets.add(new EndpointSubsetBuilder().withAddresses(g.ready().isEmpty() ? null : g.ready())
                    .withNotReadyAddresses(g.notReady().isEmpty() ? null : g.notReady())
                    .withPorts(g.ports().isEmpty() ? null : g.ports()).build());
        }
        return subsets;
    }

    /** The Endpoints' labels: the Service's, plus the headless marker. */
    public static Map<String, String> labels(Service service) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (service.getMetadata().getLabels() != null) {
            labels.putAll(service.getMetadata().getLabels());
        }
        if ("None".equals(service.getSpec().getClusterIP())) {
            labels.put(HEADLESS_LABEL, "");
        } else {
            labels.remove(HEADLESS_LABEL);
        }
        return labels;
    }

    private record Group(List<EndpointPort> ports, List<EndpointAddress> ready, List<EndpointAddress> notReady) {}

    private static String key(List<EndpointPort> ports) {
        StringBuilder sb = new StringBuilder();
        ports.forEach(p -> sb.append(p.getName()).append('/').append(p.getPort()).append('/').append(p.getProtocol())
                .append(';'));
        return sb.toString();
    }

    private static EndpointAddress address(ServiceEndpoints.PodEndpoint e) {
        Pod pod = e.pod();
        return new EndpointAddressBuilder().withIp(e.ip()).withHostname(e.hostname())
                .withNodeName(pod.getSpec().getNodeName())
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build())
                .build();
    }
}
