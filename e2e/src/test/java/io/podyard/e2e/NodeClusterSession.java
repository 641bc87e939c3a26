package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.podyard.node.images.fixtures.LocalRegistry;
import io.podyard.node.images.fixtures.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-node cluster that runs real containers (control plane, scheduler, controllers, node agent)
 * per test, a kubectl pointed at it, and busybox in a local registry for the whole class.
 */
abstract class NodeClusterSession {
    static LocalRegistry registry;
    static String busybox;

    @TempDir
    Path dir;
    NodeCluster cluster;
    Kubectl kubectl;

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
    void startCluster() {
        cluster = newCluster(dir);
        kubectl = new Kubectl(cluster.kubeconfig());
    }

    /** The cluster each test gets; a test class may start it differently. */
    NodeCluster newCluster(Path dir) {
        return new NodeCluster(dir);
    }

    /** Runs busybox with {@code script} (restartPolicy Never) and waits until it has left Pending. */
    void runPod(String name, String script) {
        kubectl.run("run", name, "--image=" + busybox, "--restart=Never", "--command", "--", "sh", "-c", script).ok();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                !kubectl.run("get", "pod", name, "-o", "jsonpath={.status.phase}").out().equals("Pending"));
    }

    /** Runs {@code kubectl port-forward pod/POD :PORT} and GETs {@code path} through it and returns the body. */
    String getThroughPortForward(Kubectl client, String pod, int port, String path) throws Exception {
        Path output = dir.resolve("port-forward-" + pod + ".txt");
        Process forward = client.start(output, "port-forward", "pod/" + pod, ":" + port);
        try {
            String text = await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(output),
                    t -> t.contains("Forwarding from 127.0.0.1:"));
            Matcher local = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+)").matcher(text);
            assertThat(local.find()).as(text).isTrue();
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + local.group(1) + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                return response.body();
            }
        } finally {
            forward.destroy();
            forward.waitFor();
        }
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }
}
