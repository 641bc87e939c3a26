package io.podyard.node.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.mounts.Mounts;
import io.podyard.node.runtime.ContainerInfo;
import io.podyard.node.runtime.ContainerRequest;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.runtime.ContainerState;
import io.podyard.node.runtime.ContainerStatus;
import io.podyard.node.runtime.ImageConfig;
import io.podyard.node.runtime.Rlimit;
import io.podyard.node.runtime.RuntimeConfig;
import io.podyard.node.runtime.VolumeMount;
import io.podyard.node.sandbox.DnsSettings;
import io.podyard.node.sandbox.ResolvConf;
import io.podyard.node.sandbox.Sandbox;
import io.podyard.node.sandbox.SandboxConfig;
import io.podyard.node.sandbox.Sandboxes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A node for one test: a pod network of its own, sandboxes and a runc runtime under the test's
 * directory, a busybox layer, and a cgroup parent only it uses. {@link #close} removes every
 * container, sandbox and the network, then checks the host: no mounts under the directory, no
 * cgroups under the parent, no veths on the bridge, no process the test saw still alive.
 */
public final class NodeFixture implements AutoCloseable {
    public final Path dir;
    public final TestNetwork network;
    public final Sandboxes sandboxes;
    public final RuntimeConfig runtimeConfig;
    public final ContainerRuntime runtime;
    public final Path busybox;
    public final String cgroupParent;
    private final List<Long> pids = new ArrayList<>();

    public NodeFixture(Path dir) {
        this(dir, 10L << 20);
    }

    public NodeFixture(Path dir, long logMaxBytes) {
        this.dir = dir;
        this.network = TestNetwork.create(dir);
        this.sandboxes = new Sandboxes(new SandboxConfig(dir.resolve("sandboxes"), network.network(),
                new DnsSettings(List.of("10.96.0.10"), "cluster.local", ResolvConf.EMPTY), "8m"), Clock.systemUTC());
        this.cgroupParent = "/podyard-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        RuntimeConfig defaults = RuntimeConfig.defaults(dir.resolve("runtime"), dir.resolve("logs"), cgroupParent);
        this.runtimeConfig = new RuntimeConfig(defaults.root(), defaults.logDir(), defaults.runc(), defaults.conmon(),
                cgroupParent, List.of(new Rlimit("RLIMIT_NOFILE", 1024, 1024)), logMaxBytes, 3, -1);
        this.runtime = ContainerRuntime.runc(runtimeConfig, Clock.systemUTC());
        this.busybox = BusyboxRootfs.create(dir.resolve("layers/busybox"));
    }

    /** A runtime instance over the same state, as after an agent restart. */
    public ContainerRuntime restartedRuntime() {
        return ContainerRuntime.runc(runtimeConfig, Clock.systemUTC());
    }

    public ContainerInfo create(Pod pod, Sandbox sandbox, Container container, List<VolumeMount> volumes) {
        ContainerRequest request = new ContainerRequest(pod, container, 0, ImageConfig.EMPTY, List.of(busybox),
                sandbox, volumes, io.podyard.node.runtime.EnvSources.NONE, java.util.Map.of());
        return runtime.create(request);
    }

    /** Creates and starts the container and remembers its pid and its monitor's for the leak check. */
    public ContainerInfo run(Pod pod, Sandbox sandbox, Container container, List<VolumeMount> volumes) {
        ContainerInfo info = create(pod, sandbox, container, volumes);
        runtime.start(info.id());
        rememberProcesses(info);
        return info;
    }

    public void rememberProcesses(ContainerInfo info) {
        try {
            Path containerDir = runtimeConfig.root().resolve("containers").resolve(info.id());
            pids.add(Long.parseLong(Files.readString(containerDir.resolve("conmon.pid")).strip()));
            pids.add(Long.parseLong(Files.readString(containerDir.resolve("pidfile")).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ContainerStatus awaitExit(String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> runtime.status(id).exited());
        return runtime.status(id);
    }

    public static int exitCode(ContainerStatus status) {
        return ((ContainerState.Exited) status.state()).exitCode();
    }

    @Override
    public void close() {
        try {
            for (ContainerStatus status : runtime.list()) {
                runtime.remove(status.info().id());
            }
            for (String uid : sandboxes.podUids()) {
                runtime.removePod(uid);
                sandboxes.remove(uid);
            }
        } finally {
            network.close();
        }
        assertThat(Mounts.mountedUnder(dir)).as("mounts left").isEmpty();
        assertThat(network.bridgePorts()).as("veths left").isEmpty();
        removeCgroupParent();
        // Conmon's parent is init once it daemonised, so its zombie may linger until init reaps it.
        for (long pid : pids) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(running(pid)).as("process %d left", pid).isFalse());
        }
    }

    /** Alive and not a zombie. */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
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
