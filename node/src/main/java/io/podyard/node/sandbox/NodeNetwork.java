package io.podyard.node.sandbox;

import io.podyard.node.exec.Command;
import io.podyard.node.exec.CommandResult;

/**
 * The node-wide side of the pod network. The bridge's connected route keeps the pod CIDR on this
 * node while the bridge exists; a blackhole route for the same CIDR at a worse metric keeps it here
 * when it does not (before the first pod, after the bridge is removed), so pod addresses never
 * follow the default route off the machine.
 */
public final class NodeNetwork {
    /** Worse than the kernel's connected route (metric 0), so it only answers when that is gone. */
    static final String BLACKHOLE_METRIC = "4000000000";

    private NodeNetwork() {
    }

    /** Installs (or keeps) the blackhole route for the pod CIDR. */
    public static void keepLocal(Ipv4Cidr subnet) {
        Command.of("ip", "route", "replace", "blackhole", subnet.toString(), "metric", BLACKHOLE_METRIC).output();
    }

    /**
     * Removes the bridge and the blackhole route (uninstall and tests). Pods must be gone first;
     * missing pieces are fine.
     */
    public static void remove(PodNetwork network) {
        CommandResult link = Command.of("ip", "link", "del", network.bridge()).run();
        if (link.exitCode() != 0 && !link.stderr().contains("Cannot find device")) {
            throw new SandboxException("remove bridge " + network.bridge() + ": " + link.stderr().strip());
        }
        CommandResult route = Command.of("ip", "route", "del", "blackhole", network.subnet().toString(), "metric",
                BLACKHOLE_METRIC).run();
        if (route.exitCode() != 0 && !route.stderr().contains("No such process")) {
            throw new SandboxException("remove blackhole route for " + network.subnet() + ": "
                    + route.stderr().strip());
        }
    }
}
