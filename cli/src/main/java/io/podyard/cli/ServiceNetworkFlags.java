package io.podyard.cli;

import io.podyard.proxy.ProxyOptions;
import io.podyard.proxy.dns.Upstreams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The Service network flags of {@code podyard server}, in one place: the Service CIDR and the cluster DNS address. */
final class ServiceNetworkFlags {
    @Option(names = "--service-cidr", description = "the Services' virtual IPs (default ${DEFAULT-VALUE})")
    String serviceCidr = ProxyOptions.DEFAULT_SERVICE_CIDR;

    @Option(names = "--cluster-dns", description = "the kube-dns Service's ClusterIP pods resolve names with"
            + " (default ${DEFAULT-VALUE})")
    String clusterDns = ProxyOptions.DEFAULT_CLUSTER_DNS;

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
