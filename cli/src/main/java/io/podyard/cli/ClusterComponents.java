package io.podyard.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.podyard.controllers.ControllerManager;
import io.podyard.controllers.ControllerOptions;
import io.podyard.scheduler.loop.SchedulerOptions;
import io.podyard.scheduler.loop.SchedulingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The components that run beside the API server in {@code podyard server}. Each talks to the API
 * server as a client, over the admin kubeconfig, as Kubernetes components do even in one process.
 */
final class ClusterComponents implements AutoCloseable {
    private final KubernetesClient client;
    private final SchedulingLoop scheduler;
    private final ControllerManager controllers;

    private ClusterComponents(KubernetesClient client, SchedulingLoop scheduler, ControllerManager controllers) {
        this.client = client;
        this.scheduler = scheduler;
        this.controllers = controllers;
    }

    static ClusterComponents start(Path kubeconfig) {
        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SchedulingLoop scheduler = null;
        try {
            scheduler = SchedulingLoop.start(client, SchedulerOptions.defaults());
            // Leader election on a Lease, so a second control plane on the same store waits its turn.
            ControllerManager controllers = ControllerManager.start(client, ControllerOptions.defaults());
            return new ClusterComponents(client, scheduler, controllers);
        } catch (RuntimeException e) {
            if (scheduler != null) {
                scheduler.close();
            }
            client.close();
            throw e;
        }
    }

    @Override
    public void close() {
        controllers.close();
        scheduler.close();
        client.close();
    }
}
