package io.podyard.node.runtime;

import static io.podyard.node.testing.TestPods.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.mounts.Mounts;
import io.podyard.node.sandbox.CniException;
import io.podyard.node.sandbox.DnsSettings;
import io.podyard.node.sandbox.PodNetwork;
import io.podyard.node.sandbox.ResolvConf;
import io.podyard.node.sandbox.SandboxConfig;
import io.podyard.node.sandbox.Sandboxes;
import io.podyard.node.testing.FailingPodNetwork;
import io.podyard.node.testing.NodeFixture;
import io.podyard.node.testing.TestPods;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod-level facade: the two-container pod, then a graceful delete that leaves nothing. */
class PodRuntimeTest {
    @TempDir
    Path dir;
    NodeFixture node;
    PodRuntime pods;

    @BeforeEach
    void setUp() {
        node = new NodeFixture(dir);
        pods = new PodRuntime(node.sandboxes, node.runtime);
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    @Test
    void aTwoContainerPodServesAnEmptyDirOverLocalhostAndIsDeletedWithoutTrace() throws Exception {
        Pod pod = TestPods.pod("web",
                container("httpd", "httpd", "-f", "-p", "8080", "-h", "/data"),
                container("client", "sh", "-c", "trap 'exit 0' TERM; echo hi > /data/index.html; "
                        + "until wget -q -O - http://127.0.0.1:8080/; do sleep 0.1; done; "
                        + "while true; do sleep 0.1; done"));
        String uid = pod.getMetadata().getUid();
        Path emptyDir = Files.createDirectories(dir.resolve("volumes/" + uid + "/data"));
        var inputs = PodRuntime.sameImage(pod, new PodRuntime.ContainerImage(ImageConfig.EMPTY, List.of(node.busybox)),
                c -> List.of(new VolumeMount(emptyDir, "/data", false)));

        PodRuntime.PodStatus started = pods.runPod(pod, inputs);
        started.containers().forEach(s -> node.rememberProcesses(s.info()));

        assertThat(started.containers()).extracting(s -> s.info().name()).containsExactly("httpd", "client");
        assertThat(started.containers()).allMatch(ContainerStatus::running);
        String clientId = started.container("client").orElseThrow().info().id();
        await().atMost(Duration.ofSeconds(20)).until(() -> log(clientId).equals("hi\n"));
        assertThat(pods.podUids()).containsExactly(uid);

        List<ContainerStatus> stopped = pods.stopPod(uid, Duration.ofMillis(500));
        // The client traps TERM and exits 0; httpd as PID 1 ignores it and is killed.
        assertThat(stopped).extracting(s -> s.info().name() + "=" + ((ContainerState.Exited) s.state()).exitCode())
                .containsExactlyInAnyOrder("client=0", "httpd=137");
        assertThat(pods.status(uid).orElseThrow().containers()).allMatch(ContainerStatus::exited);

        pods.removePod(uid);

        assertThat(pods.status(uid)).isEmpty();
        assertThat(pods.podUids()).isEmpty();
        assertThat(Mounts.mountedUnder(dir)).isEmpty();
        assertThat(dir.resolve("logs")).isEmptyDirectory();
    }

    @Test
    void twentyPodsComeAndGoWithoutLeaks() {
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Pod pod = TestPods.pod("p" + i, container("main", "sleep", "1000"));
            var status = pods.runPod(pod, PodRuntime.sameImage(pod,
                    new PodRuntime.ContainerImage(ImageConfig.EMPTY, List.of(node.busybox)), c -> List.of()));
            status.containers().forEach(s -> node.rememberProcesses(s.info()));
            uids.add(pod.getMetadata().getUid());
        }
        assertThat(node.network.bridgePorts()).hasSize(20);
        for (String uid : uids) {
            pods.stopPod(uid, Duration.ZERO);
            pods.removePod(uid);
        }
        assertThat(pods.podUids()).isEmpty();
        assertThat(node.network.bridgePorts()).isEmpty();
        assertThat(Mounts.mountedUnder(dir)).isEmpty();
    }

    @Test
    void aNetworkFailingAfterTheContainerWasCreatedLeavesNothing() throws Exception {
        FailingPodNetwork late = FailingPodNetwork.create(dir, node.runtimeConfig.root().resolve("runc"));
        PodNetwork network = node.network.network();
        Sandboxes failing = new Sandboxes(new SandboxConfig(dir.resolve("failing"), new PodNetwork(network.name(),
                network.bridge(), network.subnet(), late.binDir(), network.ipamDataDir(), false, 0),
                new DnsSettings(List.of(), "cluster.local", ResolvConf.EMPTY), "8m"), Clock.systemUTC());
        Pod pod = TestPods.pod("unlucky", container("main", "sleep", "1000"));

        assertThatThrownBy(() -> new PodRuntime(failing, node.runtime).runPod(pod, PodRuntime.sameImage(pod,
                new PodRuntime.ContainerImage(ImageConfig.EMPTY, List.of(node.busybox)), c -> List.of())))
                .isInstanceOf(CniException.class).hasMessageContaining(FailingPodNetwork.MESSAGE);

        assertThat(late.sawContainer()).as("the network failed after the container was created").exists();
        assertThat(node.runtime.list()).isEmpty();
        assertThat(failing.podUids()).isEmpty();
        assertThat(dir.resolve("failing")).isEmptyDirectory();
        assertThat(Mounts.mountedUnder(dir)).isEmpty();
    }

    private String log(String id) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        node.runtime.logs(id, ContainerLogs.Options.ALL, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
