package io.podyard.proxy.nftables;

import java.util.Objects;
import java.util.Optional;

/**
 * What the rules depend on besides Services and endpoints.
 *
 * @param table       the nftables table (family ip) Podyard owns; nothing else is touched
 * @param nodeName    this node, for internalTrafficPolicy/externalTrafficPolicy Local
 * @param clusterCidr the pods' network: ClusterIP traffic from outside it is masqueraded (as kube-proxy's
 *                    --cluster-cidr); empty: only hairpin and NodePort traffic is
 */
public record NftConfig(String table, String nodeName, Optional<String> clusterCidr) {
    public static final String DEFAULT_TABLE = "podyard";

    public NftConfig {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(clusterCidr, "clusterCidr");
        if (!table.matches("[A-Za-z][A-Za-z0-9_-]{0,30}")) {
            throw new IllegalArgumentException("not a usable nftables table name: " + table);
        }
    }
}
