package io.podyard.proxy;

import io.podyard.proxy.dns.Upstreams;
import io.podyard.proxy.nftables.NftConfig;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node's proxy runs.
 *
 * @param nodeName      this node (for traffic policy Local)
 * @param serviceCidr   the Services' addresses, kept on the node by a local route ({@link ServiceCidrRoute})
 * @param clusterCidr   the pods' network (ClusterIP traffic from outside it is masqueraded)
 * @param table         the nftables table Podyard owns
 * @param clusterDomain e.g. {@code cluster.local}
 * @param clusterDnsIp  the kube-dns Service's ClusterIP pods are told to use
 * @param dnsListen     where the DNS server listens; the kube-dns Service's endpoint
 * @param upstreams     where names outside the cluster domain go
 * @param host          how nft and ip are run (tests: inside a network namespace)
 */
public record ProxyOptions(String nodeName, String serviceCidr, Optional<String> clusterCidr, String table,
                           String clusterDomain, String clusterDnsIp, InetSocketAddress dnsListen, Upstreams upstreams,
                           HostCommand host) {
    public static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
    public static final String DEFAULT_CLUSTER_DNS = "10.96.0.10";
    /** Link-local, like NodeLocal DNSCache's: every node has it, nothing off the node routes to it. */
    public static final String DEFAULT_DNS_LISTEN_IP = "169.254.20.10";

    public ProxyOptions {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(serviceCidr, "serviceCidr");
        Objects.requireNonNull(clusterCidr, "clusterCidr");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(clusterDomain, "clusterDomain");
        Objects.requireNonNull(clusterDnsIp, "clusterDnsIp");
        Objects.requireNonNull(dnsListen, "dnsListen");
        Objects.requireNonNull(upstreams, "upstreams");
        Objects.requireNonNull(host, "host");
    }

    /** The host's table {@code podyard}, DNS on 169.254.20.10:53 forwarding to the host's resolvers. */
    public static ProxyOptions defaults(String nodeName, String clusterCidr, Upstreams upstreams) {
        return new ProxyOptions(nodeName, DEFAULT_SERVICE_CIDR, Optional.of(clusterCidr), NftConfig.DEFAULT_TABLE,
                "cluster.local", DEFAULT_CLUSTER_DNS, new InetSocketAddress(DEFAULT_DNS_LISTEN_IP, 53), upstreams,
                HostCommand.HOST);
    }

    public ProxyOptions withServiceCidr(String cidr) {
        return new ProxyOptions(nodeName, cidr, clusterCidr, table, clusterDomain, clusterDnsIp, dnsListen, upstreams, host);
    }

    public ProxyOptions withClusterDnsIp(String ip) {
        return new ProxyOptions(nodeName, serviceCidr, clusterCidr, table, clusterDomain, ip, dnsListen, upstreams, host);
    }

    NftConfig nftConfig() {
        return new NftConfig(table, nodeName, clusterCidr);
    }
}
