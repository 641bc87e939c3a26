package io.podyard.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Services and EndpointSlices of the cluster at one moment, as the informers hold them. Both the
 * nftables rules and the DNS index are computed from one of these, so they never need the API.
 */
public record ServiceSnapshot(List<Service> services, Map<String, List<EndpointSlice>> slicesByService) {
    /** The label an EndpointSlice names its Service with. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    public ServiceSnapshot {
        services = List.copyOf(services);
        slicesByService = Map.copyOf(slicesByService);
    }

    public static ServiceSnapshot of(Collection<Service> services, Collection<EndpointSlice> slices) {
        Map<String, List<EndpointSlice>> byService = new HashMap<>();
        for (EndpointSlice slice : slices) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
            if (service != null && (slice.getAddressType() == null || slice.getAddressType().equals("IPv4"))) {
                byService.computeIfAbsent(slice.getMetadata().getNamespace() + "/" + service, k -> new ArrayList<>())
                        .add(slice);
            }
        }
        byService.values().forEach(list -> list.sort((a, b) ->
                a.getMetadata().getName().compareTo(b.getMetadata().getName())));
        List<Service> sorted = new ArrayList<>(services);
        sorted.sort((a, b) -> key(a).compareTo(key(b)));
        return new ServiceSnapshot(sorted, byService);
    }

    public static String key(Service service) {
        return service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
    }

    public List<EndpointSlice> slices(Service service) {
        return slicesByService.getOrDefault(key(service), List.of());
    }
}
