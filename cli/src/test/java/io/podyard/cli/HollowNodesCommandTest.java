package io.podyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ServerFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code podyard hollow-nodes} against a real API server: no root, no runc. */
class HollowNodesCommandTest {
    @TempDir
    Path dir;
    private ServerFixture server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void registersTheNodesItIsAskedForUntilStopped() throws Exception {
        server = new ServerFixture(dir.resolve("server"));
        KubernetesClient client = server.client();
        StringWriter out = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread command = Thread.ofPlatform().start(() -> {
            var cl = Podyard.commandLine();
            cl.setOut(new PrintWriter(out, true));
            exit.set(cl.execute("hollow-nodes", "--kubeconfig", server.controlPlane().kubeconfig().toString(),
                    "--count", "3", "--prefix", "fake"));
        });

        await().atMost(Duration.ofSeconds(60)).until(() -> out.toString().contains("3 hollow nodes"));
        assertThat(client.nodes().list().getItems()).extracting(n -> n.getMetadata().getName())
                .containsExactlyInAnyOrder("fake-0", "fake-1", "fake-2");
        assertThat(client.nodes().withName("fake-2").get().getSpec().getPodCIDR()).isEqualTo("10.128.2.0/24");

        command.interrupt();
        command.join(Duration.ofSeconds(30));
        assertThat(command.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
    }
}
