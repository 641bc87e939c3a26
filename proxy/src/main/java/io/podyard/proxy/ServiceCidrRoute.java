package io.podyard.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Service CIDR on this node: a blackhole route catches every packet to a Service address
 * that no DNAT rule rewrote, so it cannot follow the default route off the machine even when the
 * rules are missing. Forwarded pod traffic is DNATed before routing, so it is not affected; the host's
 * own connections to a ClusterIP are (the route lookup happens before the output hook), while
 * NodePorts on node addresses keep working.
 */
public final class ServiceCidrRoute implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceCidrRoute.class);

    private final HostCommand command;
    private final String cidr;
    private final boolean added;

    private ServiceCidrRoute(HostCommand command, String cidr, boolean added) {
        this.command = command;
        this.cidr = cidr;
        this.added = added;
    }

    /** Adds the blackhole route unless the same route is there already (then it is left alone on close). */
    public static ServiceCidrRoute install(HostCommand command, String cidr) {
        String existing = command.run(null, "ip", "-4", "route", "show", "exact", cidr).stdout();
        if (existing.contains("blackhole")) {
            return new ServiceCidrRoute(command, cidr, false);
        }
        HostCommand.Result result = command.run(null, "ip", "-4", "route", "add", "blackhole", cidr);
        if (!result.ok()) {
            throw new IllegalStateException("cannot add blackhole route for the service CIDR " + cidr + ": "
                    + result.stderr().strip());
        }
        return new ServiceCidrRoute(command, cidr, true);
    }

    @Override
    public void close() {
        if (added) {
            HostCommand.Result result = command.run(null, "ip", "-4", "route", "del", "blackhole", cidr);
            if (!result.ok()) {
                LOG.warn("could not remove the blackhole route {}: {}", cidr, result.stderr().strip());
            }
        }
    }
}
