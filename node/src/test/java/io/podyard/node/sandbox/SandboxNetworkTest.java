package io.podyard.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podyard.node.exec.Command;
import io.podyard.node.mounts.Mounts;
import io.podyard.node.testing.TestNetwork;
import io.podyard.node.testing.TestPods;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sandboxes as root: pinned namespaces, the Debian CNI plugins on a bridge only this test
 * uses, traffic between two pods and from the host, and nothing left after teardown.
 */
class SandboxNetworkTest {
    @TempDir
    Path dir;
    TestNetwork network;
    Sandboxes sandboxes;
    SandboxConfig config;

    @BeforeEach
    void setUp() {
        network = TestNetwork.create(dir);
        DnsSettings dns = new DnsSettings(List.of("10.96.0.10"), "cluster.local",
                new ResolvConf(List.of("192.0.2.53"), List.of("example.internal"), List.of()));
        config = new SandboxConfig(dir.resolve("run"), network.network(), dns, "8m");
        sandboxes = new Sandboxes(config, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        try {
            sandboxes.podUids().forEach(sandboxes::remove);
            assertThat(Mounts.mountedUnder(dir)).isEmpty();
        } finally {
            network.close();
        }
        assertThat(Path.of("/sys/class/net", network.network().bridge())).doesNotExist();
        assertThat(Command.of("ip", "route", "show", "table", "all").output())
                .doesNotContain(network.network().subnet().toString());
    }

    @Test
    void twoPodsOnOneBridgeReachEachOtherAndTheHostReachesThem() throws Exception {
        Sandbox a = sandboxes.create(TestPods.pod("pod-a"));
        Sandbox b = sandboxes.create(TestPods.pod("pod-b"));

        assertThat(a.podIp()).isNotEqualTo(b.podIp());
        assertThat(network.network().subnet().contains(a.podIp())).isTrue();
        assertThat(a.gateway()).isEqualTo(network.network().subnet().gateway());
        assertThat(network.bridgePorts()).hasSize(2);

        // Pod to pod over the bridge, and host to pod through the bridge's connected route.
        inNetns(a, "ping", "-c", "1", "-W", "5", b.podIp()).output();
        Command.of("/bin/busybox", "ping", "-c", "1", "-W", "5", a.podIp()).output();

        // A TCP listener in one pod receives what the other pod sends to its address.
        Process listener = new ProcessBuilder(netnsArgv(b, "nc", "-l", "-p", "7777")).start();
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                    inNetns(a, "nc", "-w", "2", b.podIp(), "7777").withStdin("hello\n".getBytes()).run()
                            .exitCode() == 0);
            assertThat(listener.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(new String(listener.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("hello");
        } finally {
            listener.destroyForcibly();
            listener.waitFor();
        }

        sandboxes.check(a.podUid());
        List<String> veths = network.bridgePorts();
        sandboxes.remove(a.podUid());
        sandboxes.remove(b.podUid());
        sandboxes.remove(b.podUid()); // again: nothing to do

        assertThat(network.bridgePorts()).isEmpty();
        veths.forEach(veth -> assertThat(Path.of("/sys/class/net", veth)).doesNotExist());
        assertThat(config.runDir()).isEmptyDirectory();
        assertThat(Mounts.mountedUnder(dir)).isEmpty();
        assertThat(reservedAddresses()).isEmpty();
    }

    @Test
    void writesHostsResolvConfAndHostnameForThePod() throws IOException {
        Pod pod = new PodBuilder(TestPods.pod("web-0")).editSpec().withHostname("web-0").withSubdomain("web")
                .addNewHostAlias().withIp("192.0.2.7").withHostnames("db", "db.local").endHostAlias().endSpec()
                .build();
        Sandbox sandbox = sandboxes.create(pod);

        assertThat(Files.readString(sandbox.hostsFile())).contains(
                sandbox.podIp() + "\tweb-0.web.default.svc.cluster.local\tweb-0\n",
                "127.0.0.1\tlocalhost\n", "# Entries added by HostAliases.\n192.0.2.7\tdb\tdb.local\n");
        assertThat(Files.readString(sandbox.resolvConf())).isEqualTo("""
                nameserver 10.96.0.10
                search default.svc.cluster.local svc.cluster.local cluster.local example.internal
                options ndots:5
                """);
        assertThat(Files.readString(sandbox.hostnameFile())).isEqualTo("web-0\n");
        assertThat(Mounts.isMounted(sandbox.netns())).isTrue();
        assertThat(Mounts.isMounted(sandbox.ipcns())).isTrue();
        assertThat(Mounts.isMounted(sandbox.shm())).isTrue();
    }

    @Test
    void beginGivesTheNamespacesAndFilesAtOnceAndCompletesTheHostsFileInPlace() throws IOException {
        Pod pod = TestPods.pod("early");
        PendingSandbox pending = sandboxes.begin(pod);
        Sandbox layout = pending.layout();
        assertThat(Mounts.isMounted(layout.netns())).isTrue();
        assertThat(Files.readString(layout.resolvConf())).startsWith("nameserver 10.96.0.10\n");
        Object inode = Files.getAttribute(layout.hostsFile(), "unix:ino");

        Sandbox sandbox = pending.await();

        // Containers created before the address was known have this very file bind-mounted.
        assertThat(Files.getAttribute(sandbox.hostsFile(), "unix:ino")).isEqualTo(inode);
        assertThat(Files.readString(sandbox.hostsFile())).contains(sandbox.podIp() + "\tearly\n");
        assertThat(sandboxes.get(sandbox.podUid())).contains(sandbox);
        assertThat(sandboxes.begin(pod).await()).isEqualTo(sandbox);
    }

    @Test
    void createIsIdempotentAndANewInstanceFindsExistingSandboxes() {
        Pod pod = TestPods.pod("again");
        Sandbox first = sandboxes.create(pod);
        assertThat(sandboxes.create(pod)).isEqualTo(first);

        Sandboxes restarted = new Sandboxes(config, Clock.systemUTC());
        assertThat(restarted.list()).containsExactly(first);
        assertThat(restarted.get(first.podUid())).contains(first);
        restarted.check(first.podUid());
        restarted.remove(first.podUid());
        assertThat(sandboxes.list()).isEmpty();
    }

    @Test
    void aFailedSetupLeavesNothingBehind() throws IOException {
        // A plugin directory without the bridge plugin: loopback succeeds, the pod network fails.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("loopback"), Path.of("/usr/lib/cni/loopback"));
        PodNetwork broken = new PodNetwork(network.network().name(), network.network().bridge(),
                network.network().subnet(), bin, network.network().ipamDataDir(), false, 0);
        Sandboxes failing = new Sandboxes(new SandboxConfig(config.runDir(), broken, config.dns(), "8m"),
                Clock.systemUTC());

        assertThatThrownBy(() -> failing.create(TestPods.pod("broken")))
                .isInstanceOf(CniException.class).hasMessageContaining("CNI plugin \"bridge\" not found");
        assertThat(config.runDir()).isEmptyDirectory();
        assertThat(Mounts.mountedUnder(dir)).isEmpty();
    }

    private List<String> reservedAddresses() throws IOException {
        Path reservations = network.network().ipamDataDir().resolve(network.network().name());
        if (!Files.isDirectory(reservations)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(reservations)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("[0-9.]+")).toList();
        }
    }

    private static Command inNetns(Sandbox sandbox, String... argv) {
        return Command.of(netnsArgv(sandbox, argv));
    }

    private static List<String> netnsArgv(Sandbox sandbox, String... argv) {
        return Command.args("nsenter", "--net=" + sandbox.netns(), "/bin/busybox", List.of(argv));
    }
}
