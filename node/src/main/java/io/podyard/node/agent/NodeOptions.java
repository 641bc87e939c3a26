package io.podyard.node.agent;

import io.podyard.node.hollow.HollowSettings;
import io.podyard.node.registration.SystemReserved;
import io.podyard.node.sandbox.Ipv4Cidr;
import io.podyard.node.sandbox.PodNetwork;
import io.podyard.node.server.NodeServerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a node agent runs.
 *
 * @param nodeName           the Node's name (the host name by default)
 * @param dataDir            what survives reboots: images, pod volumes ({@code pods/}), container logs ({@code logs/})
 * @param runDir             what a reboot ends anyway: sandboxes, container bundles, IP reservations
 * @param clusterCidr        the cluster's pod network; the node takes a free /24 of it
 * @param podCidr            a podCIDR to use instead of choosing one (tests, or a range fixed by hand)
 * @param systemReserved     held back from allocatable
 * @param insecureRegistries registries pulled from over plain HTTP besides loopback ones
 * @param bridge             the pods' Linux bridge
 * @param cniBinDir          the CNI plugins
 * @param cgroupParent       every pod's cgroup goes under it
 * @param clusterDns         the cluster DNS Service addresses for pods' resolv.conf (none: the host's)
 * @param clock              for status times, back-offs and heartbeats
 * @param podPidsLimit       each pod cgroup's pids.max (kubelet's podPidsLimit); 0 or less: unlimited
 * @param allowedUnsafeSysctls sysctls pods may set besides the safe set (kubelet's --allowed-unsafe-sysctls)
 * @param server             the streaming server (logs, exec, attach, port-forward) the API server calls; none: port 0
 * @param hollow             run a hollow node (pretend runtime, see {@link HollowSettings}) instead of runc; a test tool
 */
public record NodeOptions(String nodeName, Path dataDir, Path runDir, Ipv4Cidr clusterCidr, Optional<Ipv4Cidr> podCidr,
                          SystemReserved systemReserved, Set<String> insecureRegistries, String bridge, Path cniBinDir,
                          String cgroupParent, List<String> clusterDns, Clock clock, long podPidsLimit,
                          Set<String> allowedUnsafeSysctls, Optional<NodeServerOptions> server,
                          Optional<HollowSettings> hollow) {
    public static final Ipv4Cidr DEFAULT_CLUSTER_CIDR = Ipv4Cidr.parse("10.244.0.0/16");
    /** Kubelet leaves podPidsLimit unset (-1); a bound keeps a fork bomb in one pod from starving the node. */
    public static final long DEFAULT_POD_PIDS_LIMIT = 4096;

    public NodeOptions {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(clusterCidr, "clusterCidr");
        Objects.requireNonNull(podCidr, "podCidr");
        Objects.requireNonNull(systemReserved, "systemReserved");
        insecureRegistries = Set.copyOf(insecureRegistries);
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(cniBinDir, "cniBinDir");
        Objects.requireNonNull(cgroupParent, "cgroupParent");
        clusterDns = List.copyOf(clusterDns);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(hollow, "hollow");
        allowedUnsafeSysctls = Set.copyOf(allowedUnsafeSysctls);
    }

    public NodeOptions withPodPidsLimit(long limit) {
        return new NodeOptions(nodeName, dataDir, runDir, clusterCidr, podCidr, systemReserved, insecureRegistries, bridge,
                cniBinDir, cgroupParent, clusterDns, clock, limit, allowedUnsafeSysctls, server, hollow);
    }

    public NodeOptions withAllowedUnsafeSysctls(Set<String> sysctls) {
        return new NodeOptions(nodeName, dataDir, runDir, clusterCidr, podCidr, systemReserved, insecureRegistries, bridge,
                cniBinDir, cgroupParent, clusterDns, clock, podPidsLimit, sysctls, server, hollow);
    }

    /** Bridge {@code podyard0}, Debian's CNI plugins, cgroup parent {@code /podyard}, the system clock. */
    public static NodeOptions defaults(String nodeName, Path dataDir, Path runDir) {
        return new NodeOptions(nodeName, dataDir, runDir, DEFAULT_CLUSTER_CIDR, Optional.empty(), SystemReserved.NONE,
                Set.of(), "podyard0", PodNetwork.DEBIAN_CNI_BIN_DIR, "/podyard", List.of(), Clock.systemUTC(),
                DEFAULT_POD_PIDS_LIMIT, Set.of(), Optional.empty(), Optional.empty());
    }

    public NodeOptions withClusterCidr(Ipv4Cidr cidr) {
        return new NodeOptions(nodeName, dataDir, runDir, cidr, podCidr, systemReserved, insecureRegistries, bridge,
                cniBinDir, cgroupParent, clusterDns, clock, podPidsLimit, allowedUnsafeSysctls, server, hollow);
    }

    public NodeOptions withPodCidr(Ipv4Cidr cidr) {
        return new NodeOptions(nodeName, dataDir, runDir, clusterCidr, Optional.of(cidr), systemReserved,
                insecureRegistries, bridge, cniBinDir, cgroupParent, clusterDns, clock, podPidsLimit,
                allowedUnsafeSysctls, server, hollow);
    }

    public NodeOptions withInsecureRegistries(Set<String> registries) {
        return new NodeOptions(nodeName, dataDir, runDir, clusterCidr, podCidr, systemReserved, registries, bridge,
                cniBinDir, cgroupParent, clusterDns, clock, podPidsLimit, allowedUnsafeSysctls, server, hollow);
    }

    public NodeOptions withNetwork(String bridgeName, String cgroup) {
        return new NodeOptions(nodeName, dataDir, runDir, clusterCidr, podCidr, systemReserved, insecureRegistries,
                bridgeName, cniBinDir, cgroup, clusterDns, clock, podPidsLimit, allowedUnsafeSysctls, server, hollow);
    }

    public NodeOptions withCniBinDir(Path dir) {
        return new NodeOptions(nodeName, dataDir, runDir, clusterCidr, podCidr, systemReserved, insecureRegistries,
                bridge, dir, cgroupParent, clusterDns, clock, podPidsLimit, allowedUnsafeSysctls, server, hollow);
    }

    public NodeOptions withSystemReserved(SystemReserved reserved) {
        return new NodeOptions(nodeName, dataDir, runDir, clusterCidr, podCidr, reserved, insecureRegistries, bridge,
                cniBinDir, cgroupParent, clusterDns, clock, podPidsLimit, allowedUnsafeSysctls, server, hollow);
    }

    public NodeOptions withServer(NodeServerOptions options) {
        return new NodeOptions(nodeName, dataDir, runDir, clusterCidr, podCidr, systemReserved, insecureRegistries,
                bridge, cniBinDir, cgroupParent, clusterDns, clock, podPidsLimit, allowedUnsafeSysctls,
                Optional.of(options), hollow);
    }

    public NodeOptions withClusterDns(List<String> servers) {
        return new NodeOptions(nodeName, dataDir, runDir, clusterCidr, podCidr, systemReserved, insecureRegistries, bridge,
                cniBinDir, cgroupParent, servers, clock, podPidsLimit, allowedUnsafeSysctls, server, hollow);
    }

    /** A hollow node: the real agent over a runtime that only pretends (tests and benchmarks, never a default). */
    public NodeOptions withHollow(HollowSettings settings) {
        return new NodeOptions(nodeName, dataDir, runDir, clusterCidr, podCidr, systemReserved, insecureRegistries, bridge,
                cniBinDir, cgroupParent, clusterDns, clock, podPidsLimit, allowedUnsafeSysctls, server,
                Optional.of(settings));
    }
}
