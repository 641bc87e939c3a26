package io.podyard.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.client.ApiClients;
import io.podyard.controllers.ControllerManager;
import io.podyard.controllers.ControllerOptions;
import io.podyard.controllers.certificates.CertificateAuthority;
import io.podyard.controllers.certificates.CsrSigningController;
import io.podyard.node.agent.NodeAgent;
import io.podyard.node.agent.NodeOptions;
import io.podyard.proxy.Proxy;
import io.podyard.proxy.ProxyOptions;
import io.podyard.scheduler.loop.SchedulerOptions;
import io.podyard.scheduler.loop.SchedulingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The components that run beside the API server in {@code podyard server}: the scheduler, the
 * controllers and (unless {@code --no-node}) the node agent and the proxy (Service rules, cluster DNS) of this machine. Each talks to the API
 * server as a client, over the admin kubeconfig, as Kubernetes components do even in one process.
 */
final class ClusterComponents implements AutoCloseable {
    private final KubernetesClient client;
    private final SchedulingLoop scheduler;
    private final ControllerManager controllers;
    private final Optional<NodeAgent> node;
    private final Optional<Proxy> proxy;

    private ClusterComponents(KubernetesClient client, SchedulingLoop scheduler, ControllerManager controllers,
                              Optional<NodeAgent> node, Optional<Proxy> proxy) {
        this.client = client;
        this.scheduler = scheduler;
        this.controllers = controllers;
        this.node = node;
        this.proxy = proxy;
    }

    /**
     * Starts the scheduler, the controllers (with the CSR signer, which holds {@code ca}) and, when
     * options are given, this machine's node agent and proxy.
     */
    static ClusterComponents start(Path kubeconfig, CertificateAuthority ca, Optional<NodeOptions> nodeOptions,
                                   Optional<ProxyOptions> proxyOptions) {
        KubernetesClient client;
        try {
            client = ApiClients.create(Config.fromKubeconfig(Files.readString(kubeconfig)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SchedulingLoop scheduler = null;
        ControllerManager controllers = null;
        Optional<NodeAgent> node = Optional.empty();
        try {
            scheduler = SchedulingLoop.start(client, SchedulerOptions.defaults());
            // Leader election on a Lease, so a second control plane on the same store waits its turn.
            controllers = ControllerManager.start(client, ControllerOptions.defaults(),
                    List.of(ctx -> new CsrSigningController(ctx, ca)));
            node = nodeOptions.map(options -> NodeAgent.start(client, options));
            Optional<Proxy> proxy = proxyOptions.map(options -> Proxy.start(client, options));
            return new ClusterComponents(client, scheduler, controllers, node, proxy);
        } catch (RuntimeException e) {
            node.ifPresent(NodeAgent::close);
            if (controllers != null) {
                controllers.close();
            }
            if (scheduler != null) {
                scheduler.close();
            }
            client.close();
            throw e;
        }
    }

    @Override
    public void close() {
        proxy.ifPresent(Proxy::close);
        node.ifPresent(NodeAgent::close);
        controllers.close();
        scheduler.close();
        client.close();
    }
}
