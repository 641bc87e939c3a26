package io.podyard.apiserver.services;

/**
 * Where Services get their addresses: the cluster IP range ({@code --service-cidr}) and the node
 * port range ({@code --service-node-port-range}). The first address is the {@code kubernetes}
 * Service's, the tenth cluster DNS's, as in kubeadm clusters.
 */
public record ServiceNetwork(ServiceCidr serviceCidr, PortRange nodePorts) {
    public static final String DEFAULT_CIDR = "10.96.0.0/12";
    public static final String DEFAULT_NODE_PORTS = "30000-32767";

    public static ServiceNetwork defaults() {
        return new ServiceNetwork(ServiceCidr.parse(DEFAULT_CIDR), PortRange.parse(DEFAULT_NODE_PORTS));
    }

    /** The {@code kubernetes} Service's cluster IP (10.96.0.1 by default). */
    public String kubernetesIp() {
        return serviceCidr.address(0);
    }

    /** The address kept for cluster DNS ({@code kube-system/kube-dns}, 10.96.0.10 by default). */
    public String dnsIp() {
        return serviceCidr.address(9);
    }
}
