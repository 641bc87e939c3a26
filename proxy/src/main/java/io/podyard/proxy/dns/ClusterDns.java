package io.podyard.proxy.dns;

import io.podyard.proxy.Coalescer;
import io.podyard.proxy.ServiceInformers;
import java.net.InetSocketAddress;

/** The cluster DNS server kept in step with the Services and EndpointSlices the informers see. */
public final class ClusterDns implements AutoCloseable {
    private final DnsServer server;
    private final Coalescer coalescer;

    private ClusterDns(DnsServer server, Coalescer coalescer) {
        this.server = server;
        this.coalescer = coalescer;
    }

    public static ClusterDns start(ServiceInformers informers, String clusterDomain, InetSocketAddress address,
            Upstreams upstreams) {
        DnsServer server = DnsServer.start(address, DnsIndex.build(informers.snapshot(), clusterDomain), upstreams);
        Coalescer coalescer = new Coalescer("dns-index",
                () -> server.update(DnsIndex.build(informers.snapshot(), clusterDomain)));
        informers.onChange(coalescer::poke);
        return new ClusterDns(server, coalescer);
    }

    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        coalescer.close();
        server.close();
    }
}
