package io.podyard.controllers.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ServerFixture;
import io.podyard.controllers.ControllerManager;
import io.podyard.controllers.ControllerOptions;
import java.nio.file.Path;

/** A real control plane with the controller manager running against it (no leader election). */
public final class Testbed implements AutoCloseable {
    private final ServerFixture server;
    private final ControllerManager manager;
    private final StandInKubelet kubelet;

    public Testbed(Path dir) {
        this(dir, defaultOptions());
    }

    /** The defaults without leader election. */
    public static ControllerOptions defaultOptions() {
        return ControllerOptions.defaults().withLeaderElection(false);
    }

    public Testbed(Path dir, ControllerOptions options) {
        org.awaitility.Awaitility.setDefaultTimeout(java.time.Duration.ofSeconds(60));
        org.awaitility.Awaitility.setDefaultPollInterval(java.time.Duration.ofMillis(50));
        server = new ServerFixture(dir);
        manager = ControllerManager.start(server.client(), options);
        kubelet = new StandInKubelet(server.client());
        org.awaitility.Awaitility.await().until(manager::isActive);
    }

    public KubernetesClient client() {
        return server.client();
    }

    public ServerFixture server() {
        return server;
    }

    public StandInKubelet kubelet() {
        return kubelet;
    }

    @Override
    public void close() {
        kubelet.close();
        manager.close();
        server.close();
    }
}
