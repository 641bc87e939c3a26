package io.podyard.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.client.ApiClients;
import io.podyard.controllers.ControllerManager;
import io.podyard.controllers.ControllerOptions;
import io.podyard.node.testing.TestNode;
import io.podyard.scheduler.loop.SchedulerOptions;
import io.podyard.scheduler.loop.SchedulingLoop;
import io.podyard.store.StoreOptions;
import io.podyard.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A whole one-node cluster in this JVM, as {@code podyard server} runs it: the control plane over
 * SQLite, the scheduler, the controllers and a node agent with a pod network, cgroup parent and
 * directories of its own ({@link TestNode}, which checks on close that nothing is left).
 */
final class NodeCluster implements AutoCloseable {
    static final String NODE_NAME = "e2e-node";

    private final LocalCluster controlPlane;
    private final KubernetesClient client;
    private final SchedulingLoop scheduler;
    private final ControllerManager controllers;
    private final TestNode node;

    NodeCluster(Path dir) {
        this(dir, List.of());
    }

    /** With pods' ClusterFirst resolv.conf naming {@code clusterDns} (the cluster DNS Service's address). */
    NodeCluster(Path dir, List<String> clusterDns) {
        controlPlane = new LocalCluster(dir.resolve("server"),
                d -> SqliteStore.open(d.resolve("state.db"), StoreOptions.defaults()));
        try {
            client = ApiClients.create(Config.fromKubeconfig(Files.readString(controlPlane.kubeconfig())));
        } catch (IOException e) {
            controlPlane.close();
            throw new UncheckedIOException(e);
        }
        scheduler = SchedulingLoop.start(client, SchedulerOptions.defaults());
        controllers = ControllerManager.start(client, ControllerOptions.defaults());
        node = new TestNode(dir.resolve("node"), client, NODE_NAME, dir.resolve("server").resolve("pki"), clusterDns);
    }

    Path kubeconfig() {
        return controlPlane.kubeconfig();
    }

    KubernetesClient client() {
        return client;
    }

    TestNode node() {
        return node;
    }

    @Override
    public void close() {
        try {
            // Pods go the way a user's would, so the agent tears them down before it stops; a short
            // grace period, as shells running sleep ignore SIGTERM and would hold every test 30 s.
            client.pods().inAnyNamespace().withGracePeriod(1).delete();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> client.pods().inAnyNamespace().list().getItems().isEmpty());
        } finally {
            try {
                node.close();
            } finally {
                controllers.close();
                scheduler.close();
                client.close();
                controlPlane.close();
            }
        }
    }
}
