package io.podyard.node.runtime;

import static io.podyard.node.testing.NodeFixture.exitCode;
import static io.podyard.node.testing.TestPods.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.mounts.Mounts;
import io.podyard.node.sandbox.Sandbox;
import io.podyard.node.testing.NodeFixture;
import io.podyard.node.testing.TestPods;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real containers as root: runc under conmon, overlay root file systems, CRI logs, graceful stops. */
class RuncRuntimeTest {
    @TempDir
    Path dir;
    NodeFixture node;

    @BeforeEach
    void setUp() {
        node = new NodeFixture(dir);
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    @Test
    void stdoutAndStderrLandInACriLogFile() throws Exception {
        Pod pod = TestPods.pod("logger");
        Sandbox sandbox = node.sandboxes.create(pod);
        ContainerInfo info = node.run(pod, sandbox, container("main", "sh", "-c", "echo hello; echo oops >&2"),
                List.of());

        ContainerStatus status = node.awaitExit(info.id());

        assertThat(exitCode(status)).isZero();
        assertThat(((ContainerState.Exited) status.state()).reason()).isEqualTo("Completed");
        assertThat(info.logPath()).isEqualTo(dir.resolve("logs/default_logger_" + pod.getMetadata().getUid()
                + "/main/0.log"));
        List<String> lines = Files.readAllLines(info.logPath());
        assertThat(lines).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}\\S+ stdout F hello"))
                .anyMatch(l -> l.matches("\\S+ stderr F oops"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        node.runtime.logs(info.id(), ContainerLogs.Options.ALL, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("hello\n", "oops\n");
    }

    @Test
    void exitCodeAndFinishTimeComeFromConmon() {
        Pod pod = TestPods.pod("failing");
        Sandbox sandbox = node.sandboxes.create(pod);
        ContainerInfo info = node.run(pod, sandbox, container("main", "sh", "-c", "exit 3"), List.of());

        ContainerState.Exited exited = (ContainerState.Exited) node.awaitExit(info.id()).state();

        assertThat(exited.exitCode()).isEqualTo(3);
        assertThat(exited.reason()).isEqualTo("Error");
        assertThat(exited.oomKilled()).isFalse();
        assertThat(exited.startedAt()).isNotNull();
        assertThat(exited.finishedAt()).isAfterOrEqualTo(exited.startedAt());
    }

    @Test
    void containersOfAPodShareLocalhostAndAVolumeAndThePodIpAnswersFromTheNode() throws Exception {
        Pod pod = TestPods.pod("pair");
        Sandbox sandbox = node.sandboxes.create(pod);
        Path shared = Files.createDirectories(dir.resolve("volumes/shared"));
        List<VolumeMount> volumes = List.of(new VolumeMount(shared, "/shared", false));

        ContainerInfo web = node.run(pod, sandbox, container("web", "httpd", "-f", "-p", "8080", "-h", "/shared"),
                volumes);
        ContainerInfo writer = node.run(pod, sandbox, container("writer", "sh", "-c",
                "echo from-writer > /shared/index.html; "
                        + "until wget -q -O - http://127.0.0.1:8080/index.html; do sleep 0.1; done"), volumes);

        assertThat(exitCode(node.awaitExit(writer.id()))).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        node.runtime.logs(writer.id(), ContainerLogs.Options.ALL, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("from-writer\n");
        assertThat(Files.readString(shared.resolve("index.html"))).isEqualTo("from-writer\n");
        // The node reaches the pod's address through the bridge.
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + sandbox.podIp() + ":8080/index.html")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("from-writer\n");
        }

        assertThat(node.runtime.status(web.id()).running()).isTrue();
        node.runtime.stop(web.id(), Duration.ofSeconds(1));
    }

    @Test
    void aNewRuntimeInstanceReadoptsARunningContainerWithoutRestartingIt() throws Exception {
        Pod pod = TestPods.pod("survivor");
        Sandbox sandbox = node.sandboxes.create(pod);
        ContainerInfo info = node.run(pod, sandbox, container("main", "sh", "-c",
                "trap 'echo bye; exit 0' TERM; echo up; while true; do sleep 0.1; done"), List.of());
        ContainerState.Running before = (ContainerState.Running) node.runtime.status(info.id()).state();

        ContainerRuntime restarted = node.restartedRuntime();

        List<ContainerStatus> adopted = restarted.list();
        assertThat(adopted).extracting(s -> s.info().id()).containsExactly(info.id());
        assertThat(adopted.getFirst().info()).isEqualTo(info);
        assertThat(adopted.getFirst().state()).isEqualTo(before);
        assertThat(ProcessHandle.of(before.pid()).map(ProcessHandle::isAlive)).contains(true);

        // Once the trap is set ("up"), the stop signal reaches it: a graceful exit with the container's own
        // code. (Before that, PID 1 would ignore SIGTERM and be killed after the grace period.)
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            restarted.logs(info.id(), ContainerLogs.Options.ALL, log);
            return log.toString(StandardCharsets.UTF_8).contains("up\n");
        });
        ContainerState.Exited exited = (ContainerState.Exited) restarted.stop(info.id(), Duration.ofSeconds(30))
                .state();
        assertThat(exited.exitCode()).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        restarted.logs(info.id(), ContainerLogs.Options.ALL, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("up\nbye\n");
    }

    @Test
    void aProcessKilledBehindTheRuntimesBackShowsAsExited() throws Exception {
        Pod pod = TestPods.pod("victim");
        Sandbox sandbox = node.sandboxes.create(pod);
        ContainerInfo info = node.run(pod, sandbox, container("main", "sleep", "3600"), List.of());
        ContainerState.Running running = (ContainerState.Running) node.runtime.status(info.id()).state();
        assertThat(Files.readString(Path.of("/proc", Integer.toString(running.pid()), "cmdline")))
                .startsWith("sleep\0");

        ProcessHandle.of(running.pid()).orElseThrow().destroyForcibly();

        assertThat(exitCode(node.awaitExit(info.id()))).isEqualTo(137);
    }

    @Test
    void aContainerIgnoringSigtermIsKilledAfterTheGracePeriod() {
        Pod pod = TestPods.pod("stubborn");
        Sandbox sandbox = node.sandboxes.create(pod);
        // PID 1 of a PID namespace without a handler never sees SIGTERM from outside.
        ContainerInfo info = node.run(pod, sandbox, container("main", "sleep", "1000"), List.of());

        ContainerStatus stopped = node.runtime.stop(info.id(), Duration.ofMillis(300));

        assertThat(exitCode(stopped)).isEqualTo(128 + 9);
    }

    @Test
    void aMemoryLimitBreachIsReportedAsOomKilled() {
        Pod pod = TestPods.pod("hungry");
        Sandbox sandbox = node.sandboxes.create(pod);
        var hungry = new ContainerBuilder(container("main", "sh", "-c",
                "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived"))
                .withNewResources().addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("16Mi"))
                .endResources().build();
        ContainerInfo info = node.run(pod, sandbox, hungry, List.of());

        ContainerState.Exited exited = (ContainerState.Exited) node.awaitExit(info.id()).state();

        assertThat(exited.oomKilled()).isTrue();
        assertThat(exited.reason()).isEqualTo("OOMKilled");
    }

    @Test
    void aConfigErrorLeavesNothingBehind() {
        Pod pod = TestPods.pod("misconfigured");
        Sandbox sandbox = node.sandboxes.create(pod);
        var asNobody = new ContainerBuilder(container("main", "true")).withNewSecurityContext().endSecurityContext()
                .build();
        var request = new ContainerRequest(pod, asNobody, 0,
                new ImageConfig(List.of(), List.of(), List.of(), "", "nobody", ""),
                List.of(node.busybox), sandbox, List.of(), EnvSources.NONE, java.util.Map.of());

        assertThatThrownBy(() -> node.runtime.create(request)).isInstanceOf(ContainerConfigException.class)
                .hasMessageContaining("unable to find user nobody");
        assertThat(node.runtime.list()).isEmpty();
        assertThat(Mounts.mountedUnder(node.runtimeConfig.root())).isEmpty();
        assertThat(node.runtimeConfig.root().resolve("containers")).isEmptyDirectory();
    }

    @Test
    void aFailedRuncCreateIsReportedWithRuncsMessage() {
        Pod pod = TestPods.pod("broken");
        Sandbox sandbox = node.sandboxes.create(pod);
        var inMissingDir = new ContainerBuilder(container("main", "true")).withWorkingDir("/etc/hostname/sub").build();

        assertThatThrownBy(() -> node.create(pod, sandbox, inMissingDir, List.of()))
                .isInstanceOf(ContainerRuntimeException.class).hasMessageContaining("runc create failed");
        assertThat(node.runtime.list()).isEmpty();
        assertThat(Mounts.mountedUnder(node.runtimeConfig.root())).isEmpty();
    }
}
