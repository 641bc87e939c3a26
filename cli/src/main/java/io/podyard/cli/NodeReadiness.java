package io.podyard.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.client.ApiClients;
import io.podyard.client.NodeConditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits, as a client of the API server, until a Node reports Ready. */
final class NodeReadiness {
    private NodeReadiness() {
    }

    /** True once {@code nodeName} is Ready, false if {@code timeout} passed first. */
    static boolean await(Path kubeconfig, String nodeName, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KubernetesClient client = ApiClients.create(Config.fromKubeconfig(Files.readString(kubeconfig)))) {
            while (System.nanoTime() < deadline) {
                if (NodeConditions.ready(client.nodes().withName(nodeName).get())) {
                    client.getKubernetesVersion(); // discovery, as kubectl's first call
                    client.pods().inAnyNamespace().list();
                    return true;
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            return false;
        }
    }
}
