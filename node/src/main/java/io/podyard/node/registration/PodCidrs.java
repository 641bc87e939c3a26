package io.podyard.node.registration;

import io.podyard.node.sandbox.Ipv4Cidr;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Picks a node's podCIDR from the cluster CIDR (pure): the node keeps the one it has; otherwise
 * it gets the lowest /{@code nodePrefix} that no other node holds (the deterministic choice
 * kube-controller-manager's range allocator makes). Two agents registering at the same moment
 * could pick the same range; the control plane does not arbitrate yet.
 */
public final class PodCidrs {
    private PodCidrs() {
    }

    /**
     * @param taken other nodes' spec.podCIDR values (unparseable ones are ignored)
     * @param own   this node's current spec.podCIDR, if it has one
     * @throws IllegalStateException when every range is taken
     */
    public static Ipv4Cidr choose(Ipv4Cidr cluster, int nodePrefix, Collection<String> taken, Optional<String> own) {
        if (nodePrefix < cluster.prefix()) {
            throw new IllegalArgumentException("node prefix /" + nodePrefix + " is larger than the cluster CIDR "
                    + cluster);
        }
        if (own.isPresent() && !own.get().isEmpty()) {
            return Ipv4Cidr.parse(own.get());
        }
        Set<Integer> used = new HashSet<>();
        for (String cidr : taken) {
            try {
                Ipv4Cidr parsed = Ipv4Cidr.parse(cidr);
                if (parsed.prefix() == nodePrefix) {
                    used.add(parsed.network());
                }
            } catch (IllegalArgumentException e) {
                // someone else's notation; it cannot collide with ours
            }
        }
        long count = 1L << (nodePrefix - cluster.prefix());
        long size = 1L << (32 - nodePrefix);
        for (long i = 0; i < count; i++) {
            int network = (int) (Integer.toUnsignedLong(cluster.network()) + i * size);
            if (!used.contains(network)) {
                return new Ipv4Cidr(network, nodePrefix);
            }
        }
        throw new IllegalStateException("every /" + nodePrefix + " of " + cluster + " is taken");
    }
}
