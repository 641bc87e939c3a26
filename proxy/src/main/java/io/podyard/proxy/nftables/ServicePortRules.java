package io.podyard.proxy.nftables;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.podyard.proxy.Backend;
import java.util.List;

/**
 * One port of one Service, with the endpoints its traffic may go to: what {@link NftRules} makes
 * chains from.
 *
 * @param key         {@code namespace/name/protocol/port-name} (the port number when unnamed), as kube-proxy names chains
 * @param clusterIp   the Service's ClusterIP
 * @param protocol    {@code tcp}, {@code udp} or {@code sctp}
 * @param port        the Service port
 * @param nodePort    the NodePort, 0 for none
 * @param endpoints   the usable endpoints (ready, or serving-and-terminating when none is ready)
 * @param internalLocal internalTrafficPolicy Local
 * @param externalLocal externalTrafficPolicy Local
 * @param affinitySeconds ClientIP session affinity timeout, 0 for none
 * @param externalIps  spec.externalIPs and (type LoadBalancer) status.loadBalancer.ingress IPs: reached at the
 *                     Service port, treated like NodePort traffic
 */
record ServicePortRules(String key, String clusterIp, String protocol, int port, int nodePort, List<Backend> endpoints,
                        boolean internalLocal, boolean externalLocal, int affinitySeconds, List<String> externalIps) {
    static final int DEFAULT_AFFINITY_SECONDS = 10_800;

    static ServicePortRules of(Service service, ServicePort port, List<Backend> endpoints) {
        var spec = service.getSpec();
        String protocol = (port.getProtocol() == null ? "TCP" : port.getProtocol()).toLowerCase(java.util.Locale.ROOT);
        String portName = port.getName() == null || port.getName().isEmpty() ? "p" + port.getPort() : port.getName();
        String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName() + "/" + protocol + "/"
                + portName;
        int nodePort = port.getNodePort() == null || !exposesNodePorts(spec.getType()) ? 0 : port.getNodePort();
        int affinity = 0;
        if ("ClientIP".equals(spec.getSessionAffinity())) {
            affinity = DEFAULT_AFFINITY_SECONDS;
            var config = spec.getSessionAffinityConfig();
            if (config != null && config.getClientIP() != null && config.getClientIP().getTimeoutSeconds() != null) {
                affinity = config.getClientIP().getTimeoutSeconds();
            }
        }
        return new ServicePortRules(key, spec.getClusterIP(), protocol, port.getPort(), nodePort, endpoints,
                "Local".equals(spec.getInternalTrafficPolicy()), "Local".equals(spec.getExternalTrafficPolicy()),
                affinity, externalIps(service));
    }

    private static List<String> externalIps(Service service) {
        java.util.Set<String> ips = new java.util.TreeSet<>();
        if (service.getSpec().getExternalIPs() != null) {
            ips.addAll(service.getSpec().getExternalIPs());
        }
        var status = service.getStatus();
        if ("LoadBalancer".equals(service.getSpec().getType()) && status != null && status.getLoadBalancer() != null
                && status.getLoadBalancer().getIngress() != null) {
            status.getLoadBalancer().getIngress().stream().map(i -> i.getIp())
                    .filter(ip -> ip != null && !ip.isEmpty()).forEach(ips::add);
        }
        ips.removeIf(ip -> !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}"));
        return List.copyOf(ips);
    }

    private static boolean exposesNodePorts(String type) {
        return "NodePort".equals(type) || "LoadBalancer".equals(type);
    }

    List<Backend> localEndpoints(String nodeName) {
        return endpoints.stream().filter(b -> b.nodeName().equals(nodeName)).toList();
    }
}
