package io.podyard.node.runtime;

import static io.podyard.node.testing.NodeFixture.exitCode;
import static io.podyard.node.testing.TestPods.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.sandbox.Sandbox;
import io.podyard.node.testing.NodeFixture;
import io.podyard.node.testing.TestPods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation with a live conmon: the agent renames the file aside, conmon reopens, readers see one log. */
class LogRotationTest {
    @TempDir
    Path dir;
    NodeFixture node;

    @BeforeEach
    void setUp() {
        node = new NodeFixture(dir, 2048);
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    @Test
    void aRotatedLogReadsAsOneWhileFollowing() throws Exception {
        Pod pod = TestPods.pod("chatty");
        Sandbox sandbox = node.sandboxes.create(pod);
        Path control = Files.createDirectories(dir.resolve("volumes/control"));
        ContainerInfo info = node.run(pod, sandbox, container("main", "sh", "-c",
                "for i in $(seq 1 100); do echo line-$i; done; "
                        + "while [ ! -e /control/go ]; do sleep 0.05; done; "
                        + "for i in $(seq 101 200); do echo line-$i; done"),
                List.of(new VolumeMount(control, "/control", false)));
        await().atMost(Duration.ofSeconds(20)).until(() -> lineCount(info.logPath()) == 100);

        ByteArrayOutputStream followed = new ByteArrayOutputStream();
        CompletableFuture<Void> follower = CompletableFuture.runAsync(() -> {
            try {
                node.runtime.logs(info.id(), new ContainerLogs.Options(-1, null, false, true, -1), followed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        node.runtime.rotateLogs();
        assertThat(LogFiles.rotated(info.logPath())).hasSize(1);
        Files.writeString(control.resolve("go"), "");

        assertThat(exitCode(node.awaitExit(info.id()))).isZero();
        follower.get();

        String all = lines(1, 200);
        assertThat(followed.toString(StandardCharsets.UTF_8)).isEqualTo(all);
        assertThat(read(info.id(), ContainerLogs.Options.ALL)).isEqualTo(all);
        assertThat(read(info.id(), new ContainerLogs.Options(3, null, false, false, -1))).isEqualTo(lines(198, 200));
        // The live file holds only what conmon wrote after reopening.
        assertThat(lineCount(info.logPath())).isEqualTo(100);
    }

    @Test
    void thePreviousAttemptsLogStaysReadable() throws IOException {
        Pod pod = TestPods.pod("restarting");
        Sandbox sandbox = node.sandboxes.create(pod);
        ContainerInfo first = node.run(pod, sandbox, container("main", "sh", "-c", "echo attempt-0; exit 1"),
                List.of());
        node.awaitExit(first.id());
        var request = ContainerRequest.of(pod, container("main", "sh", "-c", "echo attempt-1"), 1, ImageConfig.EMPTY,
                List.of(node.busybox), sandbox);
        ContainerInfo second = node.runtime.create(request);
        node.runtime.start(second.id());
        node.rememberProcesses(second);
        node.awaitExit(second.id());
        node.runtime.remove(first.id());

        ByteArrayOutputStream previous = new ByteArrayOutputStream();
        ContainerLogs.read(LogFiles.previous(second.logPath()), ContainerLogs.Options.ALL, previous, () -> false);
        assertThat(previous.toString(StandardCharsets.UTF_8)).isEqualTo("attempt-0\n");
        assertThat(read(second.id(), ContainerLogs.Options.ALL)).isEqualTo("attempt-1\n");
    }

    private String read(String id, ContainerLogs.Options options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        node.runtime.logs(id, options, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line-" + i + "\n").collect(Collectors.joining());
    }

    private static long lineCount(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }
}
