package io.podyard.proxy;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint address of one Service port, with the conditions kube-proxy and CoreDNS look at.
 *
 * @param ip          the endpoint's IPv4 address
 * @param port        the port to send to (the EndpointSlice port of the same name), 0 when not known
 * @param nodeName    where the endpoint runs, "" when not known
 * @param hostname    the endpoint's hostname (pods with spec.hostname behind a headless Service), "" when none
 * @param ready       conditions.ready (nil counts as ready, as the API says)
 * @param serving     conditions.serving (nil: the same as ready)
 * @param terminating conditions.terminating (nil counts as false)
 */
public record Backend(String ip, int port, String nodeName, String hostname, boolean ready, boolean serving,
                      boolean terminating) {
    public Backend {
        Objects.requireNonNull(ip, "ip");
        nodeName = nodeName == null ? "" : nodeName;
        hostname = hostname == null ? "" : hostname;
    }

    /**
     * The endpoints of the Service port named {@code portName} (and protocol), from all its slices,
     * each address once, in address order. A slice without that port contributes nothing.
     */
    public static List<Backend> forPort(List<EndpointSlice> slices, String portName, String protocol) {
        Map<String, Backend> byAddress = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            EndpointPort port = portNamed(slice, portName, protocol);
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            int number = port.getPort() == null ? 0 : port.getPort();
            for (Endpoint endpoint : slice.getEndpoints()) {
                for (Backend backend : of(endpoint, number)) {
                    byAddress.putIfAbsent(backend.ip() + ":" + number, backend);
                }
            }
        }
        List<Backend> backends = new ArrayList<>(byAddress.values());
        backends.sort((a, b) -> compareIps(a.ip(), b.ip()) != 0 ? compareIps(a.ip(), b.ip()) : Integer.compare(a.port(), b.port()));
        return backends;
    }

    /** Every endpoint address of the slices, whatever the ports (headless Services without ports). */
    public static List<Backend> all(List<EndpointSlice> slices) {
        Map<String, Backend> byAddress = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            if (slice.getEndpoints() != null) {
                for (Endpoint endpoint : slice.getEndpoints()) {
                    for (Backend backend : of(endpoint, 0)) {
                        byAddress.putIfAbsent(backend.ip(), backend);
                    }
                }
            }
        }
        List<Backend> backends = new ArrayList<>(byAddress.values());
        backends.sort((a, b) -> compareIps(a.ip(), b.ip()));
        return backends;
    }

    /**
     * What kube-proxy sends traffic to: the ready endpoints, or when there are none, the ones that
     * still serve while terminating (so connections drain instead of failing during a rollout).
     */
    public static List<Backend> usable(List<Backend> backends) {
        List<Backend> ready = backends.stream().filter(Backend::ready).toList();
        if (!ready.isEmpty()) {
            return ready;
        }
        return backends.stream().filter(b -> b.serving() && b.terminating()).toList();
    }

    private static EndpointPort portNamed(EndpointSlice slice, String portName, String protocol) {
        if (slice.getPorts() == null) {
            return null;
        }
        String wanted = portName == null ? "" : portName;
        for (EndpointPort port : slice.getPorts()) {
            String name = port.getName() == null ? "" : port.getName();
            String proto = port.getProtocol() == null ? "TCP" : port.getProtocol();
            if (name.equals(wanted) && proto.equals(protocol)) {
                return port;
            }
        }
        return null;
    }

    private static List<Backend> of(Endpoint endpoint, int port) {
        EndpointConditions conditions = endpoint.getConditions();
        boolean ready = conditions == null || conditions.getReady() == null || conditions.getReady();
        boolean serving = conditions == null || conditions.getServing() == null ? ready : conditions.getServing();
        boolean terminating = conditions != null && Boolean.TRUE.equals(conditions.getTerminating());
        if (endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
            return List.of();
        }
        // Consumers use only the first address, as the EndpointSlice API says.
        return List.of(new Backend(endpoint.getAddresses().getFirst(), port, endpoint.getNodeName(),
                endpoint.getHostname(), ready, serving, terminating));
    }

    static int compareIps(String a, String b) {
        return Long.compare(ipValue(a), ipValue(b));
    }

    private static long ipValue(String ip) {
        String[] parts = ip.split("\\.");
        if (parts.length != 4) {
            return Long.MAX_VALUE;
        }
        long value = 0;
        try {
            for (String part : parts) {
                value = value * 256 + Integer.parseInt(part);
            }
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
        return value;
    }
}
