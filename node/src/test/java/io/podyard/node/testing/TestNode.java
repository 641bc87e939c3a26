package io.podyard.node.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.node.agent.NodeAgent;
import io.podyard.node.agent.NodeOptions;
import io.podyard.node.mounts.Mounts;
import io.podyard.node.podconfig.ConfigSources;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.runtime.ContainerStatus;
import io.podyard.node.runtime.RuntimeConfig;
import io.podyard.node.sandbox.DnsSettings;
import io.podyard.node.sandbox.PodNetwork;
import io.podyard.node.sandbox.ResolvConf;
import io.podyard.node.sandbox.SandboxConfig;
import io.podyard.node.sandbox.Sandboxes;
import io.podyard.node.server.NodeServerOptions;
import io.podyard.node.volumes.PodVolumes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A node agent for one test: a pod network, cgroup parent and directories of its own, talking to
 * the test's API server. {@link #restart} closes the agent and starts another over the same
 * directories; {@link #close} stops the agent, removes whatever it left running, and then checks
 * the host: no mounts under the directory, no veths on the bridge, no cgroups under the parent, no
 * process whose command line names the directory; ip_forward is restored.
 */
public final class TestNode implements AutoCloseable {
    public final Path dir;
    public final TestNetwork network;
    public final String cgroupParent;
    public final NodeOptions options;
    private final KubernetesClient client;
    private NodeAgent agent;

    public TestNode(Path dir, KubernetesClient client, String nodeName) {
        this(dir, client, nodeName, Set.of());
    }

    public TestNode(Path dir, KubernetesClient client, String nodeName, Set<String> insecureRegistries) {
        this(dir, client, nodeName, insecureRegistries, null, UnaryOperator.identity());
    }

    /** With options changed from the test's defaults (e.g. another CNI plugin directory). */
    public TestNode(Path dir, KubernetesClient client, String nodeName, UnaryOperator<NodeOptions> change) {
        this(dir, client, nodeName, Set.of(), null, change);
    }

    /**
     * With the node's streaming server (logs, exec) on a free port, using the kubelet certificate and CA
     * of the API server's {@code pki} directory, as {@code podyard server} does.
     */
    public TestNode(Path dir, KubernetesClient client, String nodeName, Path pki) {
        this(dir, client, nodeName, Set.of(), pki, UnaryOperator.identity());
    }

    /** As {@link #TestNode(Path, KubernetesClient, String, Path)}, pods' ClusterFirst resolv.conf naming {@code clusterDns}. */
    public TestNode(Path dir, KubernetesClient client, String nodeName, Path pki, List<String> clusterDns) {
        this(dir, client, nodeName, Set.of(), pki, options -> options.withClusterDns(clusterDns));
    }

    private TestNode(Path dir, KubernetesClient client, String nodeName, Set<String> insecureRegistries, Path pki,
                     UnaryOperator<NodeOptions> change) {
        this.dir = dir;
        this.client = client;
        this.network = TestNetwork.create(dir);
        this.cgroupParent = "/podyard-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        NodeOptions base = change.apply(NodeOptions.defaults(nodeName, dir.resolve("data"), dir.resolve("run"))
                .withPodCidr(network.network().subnet()).withNetwork(network.network().bridge(), cgroupParent)
                .withInsecureRegistries(insecureRegistries));
        // Listening on all addresses: the API server calls the node at its InternalIP, a local address.
        this.options = pki == null ? base : base.withServer(NodeServerOptions.fromPki(pki, "0.0.0.0", 0));
        try {
            this.agent = NodeAgent.start(client, options);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** Stops the agent (containers keep running) and starts a new one over the same state. */
    public void restart() {
        stopAgent();
        startAgent();
    }

    /** Stops the agent; what it runs keeps running. */
    public void stopAgent() {
        agent.close();
        agent = null;
    }

    /** Starts an agent over the state a stopped one left. */
    public void startAgent() {
        agent = NodeAgent.start(client, options);
    }

    /** The CRI log file of a container's attempt. */
    public Path logFile(String namespace, String pod, String podUid, String container, int attempt) {
        return options.dataDir().resolve("logs").resolve(namespace + "_" + pod + "_" + podUid).resolve(container)
                .resolve(attempt + ".log");
    }

    /** The runtime over the agent's state, as a second observer (tests check containers with it). */
    public ContainerRuntime runtime() {
        return ContainerRuntime.runc(RuntimeConfig.defaults(options.runDir().resolve("runtime"),
                options.dataDir().resolve("logs"), cgroupParent), Clock.systemUTC());
    }

    public Sandboxes sandboxes() {
        PodNetwork pods = new PodNetwork("podyard", network.network().bridge(), network.network().subnet(),
                PodNetwork.DEBIAN_CNI_BIN_DIR, options.runDir().resolve("ipam"), false, 0);
        return new Sandboxes(new SandboxConfig(options.runDir().resolve("sandboxes"), pods,
                new DnsSettings(List.of(), "cluster.local", ResolvConf.EMPTY), "64m"), Clock.systemUTC());
    }

    @Override
    public void close() {
        try {
            if (agent != null) {
                agent.close();
            }
            ContainerRuntime runtime = runtime();
            Sandboxes sandboxes = sandboxes();
            for (ContainerStatus status : runtime.list()) {
                runtime.remove(status.info().id());
            }
            for (String uid : sandboxes.podUids()) {
                runtime.removePod(uid);
                sandboxes.remove(uid);
            }
            PodVolumes volumes = new PodVolumes(options.dataDir().resolve("pods"), ConfigSources.api(client), Map.of());
            volumes.podUids().forEach(volumes::tearDown);
        } finally {
            network.close();
        }
        assertThat(Mounts.mountedUnder(dir)).as("mounts left").isEmpty();
        assertThat(network.bridgePorts()).as("veths left").isEmpty();
        assertThat(processesNaming(dir)).as("processes left").isEmpty();
        removeCgroupParent();
    }

    /** Pids of live processes whose command line mentions {@code path} (conmon, containers' init). */
    public static List<Long> processesNaming(Path path) {
        String needle = path.toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")),
                                    StandardCharsets.UTF_8);
                            return cmdline.contains(needle) && NodeFixture.running(Long.parseLong(
                                    p.getFileName().toString()));
                        } catch (IOException e) {
                            return false;
                        }
                    }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cgroups under this node's parent, in every hierarchy (each pod's and container's own). */
    public List<Path> cgroupsLeft() {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            List<Path> left = new java.util.ArrayList<>();
            for (Path hierarchy : hierarchies.toList()) {
                Path parent = hierarchy.resolve(cgroupParent.substring(1));
                if (Files.isDirectory(parent)) {
                    try (var children = Files.list(parent)) {
                        children.filter(Files::isDirectory).forEach(left::add);
                    }
                }
            }
            return left;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The addresses host-local IPAM still holds for pods of this node. */
    public List<String> ipAllocations() {
        Path ipam = options.runDir().resolve("ipam");
        if (!Files.isDirectory(ipam)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(ipam)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeCgroupParent() {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                Path parent = hierarchy.resolve(cgroupParent.substring(1));
                if (Files.isDirectory(parent)) {
                    try (var children = Files.list(parent)) {
                        assertThat(children.filter(Files::isDirectory).toList()).as("cgroups left in %s", parent)
                                .isEmpty();
                    }
                    Files.delete(parent);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
