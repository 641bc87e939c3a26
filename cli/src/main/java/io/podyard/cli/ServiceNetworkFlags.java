package io.podyard.cli;

import io.podyard.apiserver.services.PortRange;
import io.podyard.apiserver.services.ServiceCidr;
import io.podyard.apiserver.services.ServiceNetwork;
import io.podyard.proxy.ProxyOptions;
import io.podyard.proxy.dns.Upstreams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The Service network flags of {@code podyard server}, in one place: the Service CIDR and node port
 * range (the API server allocates from them, the proxy routes them) and the cluster DNS address.
 */
final class ServiceNetworkFlags {
    @Option(names = "--service-cidr", description = "the Services' virtual IPs (default ${DEFAULT-VALUE})")
    String serviceCidr = ServiceNetwork.DEFAULT_CIDR;

    @Option(names = "--service-node-port-range", description = "ports for NodePort and LoadBalancer Services"
            + " (default ${DEFAULT-VALUE})")
    String nodePortRange = ServiceNetwork.DEFAULT_NODE_PORTS;

    @Option(names = "--cluster-dns", description = "the kube-dns Service's ClusterIP pods resolve names with,"
            + " in the Service CIDR (default: its tenth address, 10.96.0.10 for the default CIDR)")
    String clusterDns;

    /** @throws IllegalArgumentException for a malformed CIDR or port range */
    ServiceNetwork serviceNetwork() {
        return new ServiceNetwork(ServiceCidr.parse(serviceCidr), PortRange.parse(nodePortRange));
    }

    /**
     * The cluster DNS address: {@code --cluster-dns}, or the address the Service network keeps for it.
     * Outside the Service CIDR it would have no route on the node and no Service to hold it.
     *
     * @throws IllegalArgumentException for a malformed CIDR or port range, or a DNS address outside the CIDR
     */
    String clusterDns() {
        ServiceNetwork network = serviceNetwork();
        if (clusterDns == null) {
            return network.dnsIp();
        }
        if (network.serviceCidr().indexOf(clusterDns).isEmpty()) {
            throw new IllegalArgumentException("--cluster-dns " + clusterDns + " is not an address of the Service CIDR "
                    + network.serviceCidr());
        }
        return clusterDns;
    }

    /** This node's proxy; names outside the cluster go to the resolvers of the host's /etc/resolv.conf. */
    ProxyOptions proxyOptions(String nodeName, String clusterCidr) {
        String clusterDns = clusterDns();
        String resolvConf;
        try {
            resolvConf = Files.readString(Path.of("/etc/resolv.conf"));
        } catch (IOException e) {
            resolvConf = "";
        }
        Upstreams upstreams = Upstreams.fromResolvConf(resolvConf, List.of(clusterDns, ProxyOptions.DEFAULT_DNS_LISTEN_IP));
        return ProxyOptions.defaults(nodeName, clusterCidr, upstreams).withServiceCidr(serviceCidr)
                .withClusterDnsIp(clusterDns);
    }
}
