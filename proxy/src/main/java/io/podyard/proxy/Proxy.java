package io.podyard.proxy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.proxy.dns.ClusterDns;
import io.podyard.proxy.nftables.ServiceRouter;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's Service data plane and cluster DNS, started beside the node agent: the Service CIDR kept
 * local, nftables rules following Services and EndpointSlices, the DNS server on its link-local
 * address, and the kube-dns Service pointing at it. Closing undoes all of it on this node (the
 * kube-dns Service stays: other nodes use it).
 */
public final class Proxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);

    private final Deque<AutoCloseable> parts;
    private final ClusterDns dns;

    private Proxy(Deque<AutoCloseable> parts, ClusterDns dns) {
        this.parts = parts;
        this.dns = dns;
    }

    public static Proxy start(KubernetesClient client, ProxyOptions options) {
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        try {
            parts.push(ServiceCidrRoute.install(options.host(), options.serviceCidr()));
            String listenIp = options.dnsListen().getAddress().getHostAddress();
            parts.push(LocalAddress.add(options.host(), listenIp));
            ServiceInformers informers = new ServiceInformers(client);
            parts.push(informers);
            parts.push(new ServiceRouter(informers, options.nftConfig(), options.host()));
            ClusterDns dns = ClusterDns.start(informers, options.clusterDomain(), options.dnsListen(), options.upstreams());
            parts.push(dns);
            try {
                KubeDnsService.ensure(client, options.clusterDnsIp(), listenIp, dns.address().getPort());
            } catch (KubernetesClientException e) {
                // Routing and DNS still work for everything else; pods just cannot reach DNS by the Service.
                LOG.error("cannot create the kube-dns Service {} in kube-system: {}", options.clusterDnsIp(),
                        e.getMessage());
            }
            LOG.info("proxy on node {}: Services in {}, DNS for {} on {} (Service {})", options.nodeName(),
                    options.serviceCidr(), options.clusterDomain(), dns.address(), options.clusterDnsIp());
            return new Proxy(parts, dns);
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
    }

    /** Where the DNS server listens. */
    public java.net.InetSocketAddress dnsAddress() {
        return dns.address();
    }

    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                LOG.warn("stopping a part of the proxy failed", e);
            }
        }
    }
}
