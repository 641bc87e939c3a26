package io.podyard.node.sandbox;

/** An IPv4 network in CIDR notation, as a node's podCIDR is given. */
public record Ipv4Cidr(int network, int prefix) {
    public Ipv4Cidr {
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("a pod CIDR needs a prefix between /8 and /30, not /" + prefix);
        }
        if ((network & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException(format(network) + "/" + prefix + " has host bits set");
        }
    }

    /** Parses "10.244.1.0/24"; anything else is an {@link IllegalArgumentException} saying why. */
    public static Ipv4Cidr parse(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR (address/prefix): " + cidr);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR prefix: " + cidr);
        }
        return new Ipv4Cidr(parseAddress(cidr.substring(0, slash)), prefix);
    }

    static int parseAddress(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The first host address, which host-local gives the bridge when it is the gateway. */
    public String gateway() {
        return format(network + 1);
    }

    /** How many addresses the network has, network and broadcast address included. */
    public int size() {
        return 1 << (32 - prefix);
    }

    /** The address {@code index} places above the network address. */
    public String address(int index) {
        if (index < 0 || index >= size()) {
            throw new IllegalArgumentException("address " + index + " is outside " + this);
        }
        return format(network + index);
    }

    /** The inverse of {@link #address(int)}. */
    public int indexOf(String address) {
        if (!contains(address)) {
            throw new IllegalArgumentException(address + " is outside " + this);
        }
        return parseAddress(address) - network;
    }

    public boolean contains(String address) {
        return (parseAddress(address) & mask(prefix)) == network;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
