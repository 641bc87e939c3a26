package io.podyard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.podyard.apiserver.ServerFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Podyard's client multiplexes many concurrent requests and watches over a few HTTP/2 connections. */
class ApiClientsTest {
    private static final int CONCURRENT = 200;

    @TempDir
    Path dir;

    private ServerFixture server;
    private KubernetesClient client;

    @BeforeEach
    void start() throws IOException {
        server = new ServerFixture(dir);
        client = ApiClients.create(Config.fromKubeconfig(Files.readString(server.controlPlane().kubeconfig())));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void manyConcurrentRequestsAndAWatchShareAFewConnections() throws Exception {
        int before = connectionsTo(server.controlPlane().port());
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (Watch watch = client.configMaps().inNamespace("default").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.add(resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }); ExecutorService creators = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ConfigMap>> creates = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                String name = "cm-" + i;
                creates.add(creators.submit(() -> client.configMaps().inNamespace("default").resource(
                        new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                                .addToData("k", "v").build()).create()));
            }
            for (Future<ConfigMap> create : creates) {
                assertThat(create.get().getMetadata().getUid()).isNotBlank();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == CONCURRENT);
            // The watch may come as a WebSocket of its own.
            assertThat(connectionsTo(server.controlPlane().port()) - before).as("connections before: %d", before)
                    .isBetween(1, ApiClients.HTTP2_CONNECTIONS + 1);
        }
    }

    /** Established connections to the server's port, as the kernel counts them. */
    private static int connectionsTo(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "( sport = :" + port + " )")
                .redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor()).as(out).isZero();
        return (int) out.lines().filter(l -> !l.isBlank()).count();
    }
}
