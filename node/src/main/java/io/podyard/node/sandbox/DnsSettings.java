package io.podyard.node.sandbox;

import java.util.List;
import java.util.Objects;

/**
 * The node's DNS facts a pod's resolv.conf is made from, like kubelet's --cluster-dns,
 * --cluster-domain and --resolv-conf.
 *
 * @param clusterDns    the cluster DNS Service addresses; empty makes ClusterFirst fall back to the host's
 * @param clusterDomain e.g. "cluster.local"; empty for none
 * @param host          the node's own resolv.conf, used by dnsPolicy Default
 */
public record DnsSettings(List<String> clusterDns, String clusterDomain, ResolvConf host) {
    public DnsSettings {
        clusterDns = List.copyOf(clusterDns);
        clusterDomain = clusterDomain == null ? "" : clusterDomain;
        Objects.requireNonNull(host, "host");
    }
}
