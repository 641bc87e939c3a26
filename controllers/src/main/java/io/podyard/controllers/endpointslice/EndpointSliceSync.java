package io.podyard.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The EndpointSlice controller's reconcile core (pure): from a Service, the pods in its namespace
 * and the slices it manages, which slices to create, update and delete. Endpoints are grouped by
 * their resolved ports (a named target port can differ per pod); a slice holds one group and at
 * most {@code maxEndpoints}. Existing slices keep the endpoints still wanted (refreshed), lose the
 * rest and take new ones while there is room — only slices changed anyway, so a new pod does not
 * rewrite every slice — then what is left goes into the fullest unchanged slice it fits in whole, or
 * into new slices. A Service selecting nothing keeps one
 * empty placeholder slice, as in Kubernetes.
 */
public final class EndpointSliceSync {
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "endpointslice-controller.k8s.io";
    public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
    public static final int MAX_ENDPOINTS = 100;

    private EndpointSliceSync() {}

    /** Slices to write; {@code update} entries keep their name and resourceVersion. */
    public record Plan(List<EndpointSlice> create, List<EndpointSlice> update, List<EndpointSlice> delete) {
        public boolean isEmpty() {
            return create.isEmpty() && update.isEmpty() && delete.isEmpty();
        }
    }

    /**
     * @param pods      the pods of the Service's namespace (the selector is applied here)
     * @param existing  the slices this controller manages for the Service
     * @param zoneOf    a node's topology.kubernetes.io/zone, if any
     */
    public static Plan plan(Service service, List<Pod> pods, List<EndpointSlice> existing,
            Function<String, Optional<String>> zoneOf, int maxEndpoints) {
        Map<List<EndpointPort>, Map<String, Endpoint>> wanted = new LinkedHashMap<>();
        pods.stream().filter(p -> ServiceEndpoints.selects(service, p))
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getName()))
                .forEach(pod -> ServiceEndpoints.of(service, pod, true).ifPresent(e -> wanted
                        .computeIfAbsent(ports(e.ports()), k -> new LinkedHashMap<>())
                        .putIfAbsent(e.ip(), endpoint(e, zoneOf))));
        Map<String, String> labels = labels(service);
        OwnerReference owner = owner(service);

        List<EndpointSlice> keep = new ArrayList<>();
        List<EndpointSlice> update = new ArrayList<>();
        List<EndpointSlice> delete = new ArrayList<>();
        List<EndpointSlice> sorted = existing.stream()
                .sorted(Comparator.comparing((EndpointSlice s) -> s.getMetadata().getName())).toList();
        for (EndpointSlice slice : sorted) {
            Map<String, Endpoint> group = wanted.get(ports(slice));
            List<Endpoint> endpoints = new ArrayList<>();
            for (Endpoint e : nullToEmpty(slice.getEndpoints())) {
                String ip = e.getAddresses() == null || e.getAddresses().isEmpty() ? "" : e.getAddresses().getFirst();
                Endpoint fresh = group == null ? null : group.remove(ip);
                if (fresh != null) {
                    endpoints.add(fresh);
                }
            }
            if (endpoints.isEmpty()) {
                delete.add(slice);
                continue;
            }
            EndpointSlice next = withContent(slice, endpoints, labels, owner);
            (next.equals(slice) ? keep : update).add(next);
        }
        // New endpoints fill slices that are being written anyway, then new slices.
        for (EndpointSlice slice : update) {
            Map<String, Endpoint> group = wanted.get(ports(slice));
            List<Endpoint> endpoints = slice.getEndpoints();
            var pending = group.values().iterator();
            while (endpoints.size() < maxEndpoints && pending.hasNext()) {
                endpoints.add(pending.next());
                pending.remove();
            }
        }
        // What is left goes whole into the fullest unchanged slice it fits in (Kubernetes' getSliceToFill),
        // so pods arriving one at a time share a slice; otherwise into new slices.
        List<EndpointSlice> create = new ArrayList<>();
        wanted.forEach((ports, group) -> {
            List<Endpoint> pending = new ArrayList<>(group.values());
            if (!pending.isEmpty() && pending.size() < maxEndpoints) {
                Optional<EndpointSlice> fill = keep.stream().filter(s -> ports(s).equals(ports))
                        .filter(s -> s.getEndpoints().size() + pending.size() <= maxEndpoints)
                        .max(Comparator.comparingInt(s -> s.getEndpoints().size()));
                if (fill.isPresent()) {
                    keep.remove(fill.get());
                    fill.get().getEndpoints().addAll(pending);
                    update.add(fill.get());
                    return;
                }
            }
            for (int from = 0; from < pending.size(); from += maxEndpoints) {
                create.add(newSlice(service, labels, owner, ports,
                        pending.subList(from, Math.min(pending.size(), from + maxEndpoints))));
            }
        });
        if (keep.isEmpty() && update.isEmpty() && create.isEmpty()) {
            Optional<EndpointSlice> placeholder = delete.stream().filter(EndpointSliceSync::isPlaceholder).findFirst();
            if (placeholder.isPresent()) {
                delete.remove(placeholder.get());
                EndpointSlice next = withContent(placeholder.get(), List.of(), labels, owner);
                if (!next.equals(placeholder.get())) {
                    update.add(next);
                }
            } else {
                create.add(newSlice(service, labels, owner, List.of(), List.of()));
            }
        }
        return new Plan(create, update, delete);
    }

    private static boolean isPlaceholder(EndpointSlice slice) {
        return nullToEmpty(slice.getEndpoints()).isEmpty() && nullToEmpty(slice.getPorts()).isEmpty();
    }

    private static Endpoint endpoint(ServiceEndpoints.PodEndpoint e, Function<String, Optional<String>> zoneOf) {
        Pod pod = e.pod();
        String node = pod.getSpec().getNodeName();
        return new EndpointBuilder().withAddresses(e.ip())
                .withNewConditions().withReady(e.ready()).withServing(e.serving()).withTerminating(e.terminating())
                .endConditions()
                .withHostname(e.hostname())
                .withNodeName(node)
                .withZone(node == null ? null : zoneOf.apply(node).orElse(null))
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build())
                .build();
    }

    private static List<EndpointPort> ports(List<ServiceEndpoints.ResolvedPort> resolved) {
        return resolved.stream().map(p -> new EndpointPortBuilder().withName(p.name()).withPort(p.port())
                .withProtocol(p.protocol()).withAppProtocol(p.appProtocol()).build()).toList();
    }

    private static List<EndpointPort> ports(EndpointSlice slice) {
        return nullToEmpty(slice.getPorts());
    }

    /** The Service's labels, with the slice's own: service name, manager, headless. */
    static Map<String, String> labels(Service service) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (service.getMetadata().getLabels() != null) {
            labels.putAll(service.getMetadata().getLabels());
        }
        labels.put(SERVICE_NAME_LABEL, service.getMetadata().getName());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        if ("None".equals(service.getSpec().getClusterIP())) {
            labels.put(HEADLESS_LABEL, "");
        } else {
            labels.remove(HEADLESS_LABEL);
        }
        return labels;
    }

    static OwnerReference owner(Service service) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private static EndpointSlice withContent(EndpointSlice slice, List<Endpoint> endpoints, Map<String, String> labels,
            OwnerReference owner) {
        return new EndpointSliceBuilder(slice).editMetadata().withLabels(labels).withOwnerReferences(owner)
                .endMetadata().withEndpoints(new ArrayList<>(endpoints)).build();
    }

    private static EndpointSlice newSlice(Service service, Map<String, String> labels, OwnerReference owner,
            List<EndpointPort> ports, List<Endpoint> endpoints) {
        return new EndpointSliceBuilder().withNewMetadata()
                .withGenerateName(service.getMetadata().getName() + "-")
                .withNamespace(service.getMetadata().getNamespace())
                .withLabels(labels).withOwnerReferences(owner).endMetadata()
                .withAddressType("IPv4").withPorts(new ArrayList<>(ports)).withEndpoints(new ArrayList<>(endpoints))
                .build();
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Whether a cached slice is one this controller manages for the Service. */
    public static boolean managedFor(EndpointSlice slice, Service service) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        return labels != null && MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL))
                && Objects.equals(service.getMetadata().getName(), labels.get(SERVICE_NAME_LABEL));
    }
}
