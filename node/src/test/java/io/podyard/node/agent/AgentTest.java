package io.podyard.node.agent;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ServerFixture;
import io.podyard.node.images.fixtures.LocalRegistry;
import io.podyard.node.images.fixtures.TestImages;
import io.podyard.node.testing.TestNode;
import io.podyard.node.runtime.ContainerLogs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real API server and a node agent ({@code node-a}) running real containers, per test, with busybox
 * in a local registry for the whole class. No scheduler: tests set {@code spec.nodeName} themselves.
 */
abstract class AgentTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static LocalRegistry registry;
    static String busybox;

    @TempDir
    Path dir;
    ServerFixture server;
    KubernetesClient client;
    TestNode node;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.start();
        busybox = TestImages.pushBusybox(registry);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void start() {
        server = new ServerFixture(dir.resolve("server"));
        client = server.client();
        node = new TestNode(dir.resolve("node"), client, "node-a", dir.resolve("server").resolve("pki"));
    }

    @AfterEach
    void stop() {
        try {
            node.close();
        } finally {
            server.close();
        }
    }

    /** The log of the container's first attempt, as `kubectl logs` prints it. */
    String log(Pod pod, String container) throws Exception {
        Path file = node.logFile("default", pod.getMetadata().getName(), pod.getMetadata().getUid(), container, 0);
        if (!Files.exists(file)) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContainerLogs.read(file, ContainerLogs.Options.ALL, out, () -> false);
        return out.toString(StandardCharsets.UTF_8);
    }

    Pod awaitPod(String name, Predicate<Pod> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(
                () -> client.pods().inNamespace("default").withName(name).get(), p -> p != null && condition.test(p));
    }
}
