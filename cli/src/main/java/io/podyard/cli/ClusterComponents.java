package io.podyard.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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

    private ClusterComponents(KubernetesClient client, SchedulingLoop scheduler) {
        this.client = client;
        this.scheduler = scheduler;
    }

    static ClusterComponents start(Path kubeconfig) {
        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new ClusterComponents(client, SchedulingLoop.start(client, SchedulerOptions.defaults()));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public void close() {
        scheduler.close();
        client.close();
    }
}
