package io.podyard.proxy.nftables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The whole content of Podyard's nftables table as values: chains with their rules and sets/maps
 * with their elements. {@link NftTransaction} turns two of these into the commands that move the
 * kernel from one to the other.
 */
public record Ruleset(String table, Map<String, Chain> chains, Map<String, NftSet> sets) {
    public Ruleset {
        Objects.requireNonNull(table, "table");
        chains = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(chains));
        sets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sets));
    }

    /**
     * A chain.
     *
     * @param name  its name
     * @param base  the base-chain declaration ({@code type nat hook prerouting priority -100; policy accept;}), "" for a regular chain
     * @param rules its rules in order
     */
    public record Chain(String name, String base, List<String> rules) {
        public Chain {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(base, "base");
            rules = List.copyOf(rules);
        }
    }

    /**
     * A set or a map.
     *
     * @param name     its name
     * @param kind     {@code set} or {@code map}
     * @param spec     the declaration between the braces ({@code type ipv4_addr; flags dynamic,timeout; timeout 10800s;})
     * @param dynamic  filled by the packet path (session affinity), so its elements are never touched here
     * @param elements the elements as nft writes them ({@code 10.96.0.1 . tcp . 80 : goto svc-x})
     */
    public record NftSet(String name, String kind, String spec, boolean dynamic, SortedSet<String> elements) {
        public NftSet {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(spec, "spec");
            elements = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(elements));
        }
    }
}
