package io.podyard.e2e;

import io.podyard.node.images.fixtures.LocalRegistry;
import io.podyard.node.images.fixtures.TestImages;
import java.nio.file.Path;
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
        cluster = new NodeCluster(dir);
        kubectl = new Kubectl(cluster.kubeconfig());
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }
}
