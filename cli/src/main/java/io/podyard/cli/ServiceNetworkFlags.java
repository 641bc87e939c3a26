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

    @Option(names = "--cluster-dns", description = "the kube-dns Service's ClusterIP pods resolve names with"
            + " (default ${DEFAULT-VALUE})")
    String clusterDns = ProxyOptions.DEFAULT_CLUSTER_DNS;

    /** @throws IllegalArgumentException for a malformed CIDR or port range */
    ServiceNetwork serviceNetwork() {
        return new ServiceNetwork(ServiceCidr.parse(serviceCidr), PortRange.parse(nodePortRange));
    }

    /** This node's proxy; names outside the cluster go to the resolvers of the host's /etc/resolv.conf. */
    ProxyOptions proxyOptions(String nodeName, String clusterCidr) {
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
