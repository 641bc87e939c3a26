package io.podyard.apiserver.services;

import java.util.Optional;

/**
 * The IPv4 range Service cluster IPs come from, e.g. 10.96.0.0/12. As in Kubernetes, the network
 * and broadcast addresses are never handed out: index 0 is the network address + 1.
 */
public record ServiceCidr(int network, int prefix) {
    public ServiceCidr {
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("the service CIDR must be an IPv4 prefix from /8 to /30");
        }
        int mask = (int) (0xFFFFFFFFL << (32 - prefix));
        if ((network & ~mask) != 0) {
            throw new IllegalArgumentException(Ipv4.format(network) + "/" + prefix + " is not a network address");
        }
    }

    /** Parses {@code a.b.c.d/n}; IllegalArgumentException says what is wrong. */
    public static ServiceCidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("\"" + cidr + "\" is not a CIDR (a.b.c.d/n)");
        }
        int address = Ipv4.parse(cidr.substring(0, slash)).orElseThrow(() -> new IllegalArgumentException(
                "\"" + cidr + "\" is not an IPv4 CIDR"));
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + cidr + "\" has no valid prefix length");
        }
        return new ServiceCidr(address, prefix);
    }

    /** How many addresses can be allocated (all but network and broadcast). */
    public int size() {
        return (int) ((1L << (32 - prefix)) - 2);
    }

    /** The allocatable address at {@code index} (0 = the first after the network address). */
    public String address(int index) {
        return Ipv4.format(network + 1 + index);
    }

    /** The index of an allocatable address, or empty when it is not one of this range. */
    public Optional<Integer> indexOf(String ip) {
        return Ipv4.parse(ip).map(a -> (long) Integer.toUnsignedLong(a) - Integer.toUnsignedLong(network) - 1)
                .filter(i -> i >= 0 && i < size()).map(Long::intValue);
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefix;
    }
}
