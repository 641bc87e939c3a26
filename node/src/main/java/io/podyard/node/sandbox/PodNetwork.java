package io.podyard.node.sandbox;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The node's pod network: a CNI network of the bridge plugin with host-local addresses from the
 * node's pod CIDR.
 *
 * @param name        CNI network name (also names host-local's reservations)
 * @param bridge      the Linux bridge the pods' veths join; its address is the pods' gateway
 * @param subnet      the node's podCIDR
 * @param cniBinDir   where the plugins live (Debian: /usr/lib/cni)
 * @param ipamDataDir where host-local records which address each pod holds
 * @param ipMasq      whether the bridge plugin masquerades traffic leaving the pod CIDR (iptables rules)
 * @param mtu         the veth and bridge MTU, 0 for the plugin's default
 */
public record PodNetwork(String name, String bridge, Ipv4Cidr subnet, Path cniBinDir, Path ipamDataDir,
                         boolean ipMasq, int mtu) {
    private static final Pattern NETWORK_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
    private static final Pattern LINK_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]{0,14}");

    public static final Path DEBIAN_CNI_BIN_DIR = Path.of("/usr/lib/cni");

    public PodNetwork {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(cniBinDir, "cniBinDir");
        Objects.requireNonNull(ipamDataDir, "ipamDataDir");
        if (name == null || !NETWORK_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid CNI network name: " + name);
        }
        if (bridge == null || !LINK_NAME.matcher(bridge).matches()) {
            throw new IllegalArgumentException("invalid bridge name (at most 15 letters, digits, '-', '_', '.'): "
                    + bridge);
        }
        if (mtu < 0) {
            throw new IllegalArgumentException("mtu must not be negative");
        }
    }
}
