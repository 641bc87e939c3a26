package io.podyard.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Service CIDR on this node: a {@code local} route for the whole range (table local, on
 * lo) makes every Service address one of the node's own, so a packet that no DNAT rule rewrote is
 * delivered to the node itself (and refused there) instead of following the default route off the
 * machine, even when the rules are missing. Unlike a blackhole route, it lets the host's own
 * connections to a ClusterIP work: their first route lookup succeeds (local), then the output hook's
 * DNAT re-routes them to an endpoint. Forwarded pod traffic is DNATed before routing either way.
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

    /** Adds the local route unless the same route is there already (then it is left alone on close). */
    public static ServiceCidrRoute install(HostCommand command, String cidr) {
        String existing = command.run(null, "ip", "-4", "route", "show", "table", "local", "exact", cidr).stdout();
        if (existing.contains("local " + cidr)) {
            return new ServiceCidrRoute(command, cidr, false);
        }
        HostCommand.Result result = command.run(null, "ip", "-4", "route", "add", "local", cidr, "dev", "lo",
                "table", "local");
        if (!result.ok()) {
            throw new IllegalStateException("cannot add a local route for the service CIDR " + cidr + ": "
                    + result.stderr().strip());
        }
        return new ServiceCidrRoute(command, cidr, true);
    }

    @Override
    public void close() {
        if (added) {
            HostCommand.Result result = command.run(null, "ip", "-4", "route", "del", "local", cidr, "dev", "lo",
                    "table", "local");
            if (!result.ok()) {
                LOG.warn("could not remove the local route {}: {}", cidr, result.stderr().strip());
            }
        }
    }
}
