package io.podyard.cli;

import io.podyard.apiserver.ControlPlane;
import io.podyard.apiserver.services.ServiceNetwork;
import io.podyard.node.agent.NodeOptions;
import io.podyard.node.server.NodeServerOptions;
import io.podyard.node.hollow.HollowSettings;
import io.podyard.node.agent.NodePrerequisites;
import io.podyard.node.sandbox.Ipv4Cidr;
import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.etcd.EtcdStore;
import io.podyard.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.podyard.proxy.ProxyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "server", description = "Run a Podyard cluster: the API server, the scheduler, the controllers"
        + " and a node agent that runs pods on this machine.")
final class ServerCommand implements Callable<Integer> {
    enum Datastore { sqlite, etcd }

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", description = "state, certificates and kubeconfig (default: /var/lib/podyard"
            + " as root, else ~/.podyard)")
    Path dataDir;

    @Option(names = "--port", description = "HTTPS port (default ${DEFAULT-VALUE})")
    int port = 6443;

    @Option(names = "--bind-address", description = "address to listen on (default ${DEFAULT-VALUE})")
    String bindAddress = "0.0.0.0";

    @Option(names = "--datastore", description = "sqlite or etcd (default ${DEFAULT-VALUE})")
    Datastore datastore = Datastore.sqlite;

    @Option(names = "--etcd-endpoints", split = ",", description = "etcd client URLs, for --datastore etcd")
    List<String> etcdEndpoints = new ArrayList<>();

    @Option(names = "--tls-san", description = "extra name or IP for the serving certificate (repeatable)")
    List<String> tlsSans = new ArrayList<>();

    @Option(names = "--no-node", description = "run the control plane only, no node agent")
    boolean noNode;

    @Option(names = "--node-name", description = "this machine's Node name (default: the host name)")
    String nodeName;

    @Option(names = "--kubelet-port", description = "the node agent's HTTPS port for logs and exec, which the API"
            + " server calls (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int kubeletPort = NodeServerOptions.DEFAULT_PORT;

    enum NodeRuntime { runc, hollow }

    @Option(names = "--runtime", description = "the node's runtime: runc, or hollow — a test tool: the node agent over"
            + " a pretend runtime (no containers, network, mounts or Service proxy; see `podyard hollow-nodes`)"
            + " (default ${DEFAULT-VALUE})")
    NodeRuntime runtime = NodeRuntime.runc;

    @Option(names = "--cluster-cidr", description = "the pods' network; each node takes a /24 of it"
            + " (default ${DEFAULT-VALUE})")
    String clusterCidr = "10.244.0.0/16";

    @Option(names = "--insecure-registry", description = "a registry (host[:port]) to pull from over plain HTTP"
            + " (repeatable; loopback registries always are)")
    List<String> insecureRegistries = new ArrayList<>();

    @Mixin
    ServiceNetworkFlags serviceFlags = new ServiceNetworkFlags();

    /** The launcher's training run for the JVM's ahead-of-time cache: start everything, then stop. */
    @Option(names = "--exit-when-ready", hidden = true, description = "stop once the node is Ready")
    boolean exitWhenReady;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = DataDir.orDefault(dataDir);
        if (datastore == Datastore.etcd && etcdEndpoints.isEmpty()) {
            spec.commandLine().getErr().println("--datastore etcd needs --etcd-endpoints (e.g. http://127.0.0.1:2379)");
            return 2;
        }
        ServiceNetwork serviceNetwork;
        String clusterDns;
        try {
            serviceNetwork = serviceFlags.serviceNetwork();
            clusterDns = serviceFlags.clusterDns();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("--service-cidr / --service-node-port-range / --cluster-dns: "
                    + e.getMessage());
            return 2;
        }
        Optional<NodeOptions> node = Optional.empty();
        Optional<ProxyOptions> proxy = Optional.empty();
        if (!noNode) {
            Optional<String> problem = runtime == NodeRuntime.hollow ? Optional.empty() : NodePrerequisites.problem();
            if (problem.isPresent()) {
                spec.commandLine().getErr().println("podyard: " + problem.get());
                return 1;
            }
            Ipv4Cidr cidr;
            try {
                cidr = Ipv4Cidr.parse(clusterCidr);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("--cluster-cidr: " + e.getMessage());
                return 2;
            }
            Path runDir = dataDir == null ? Path.of("/run/podyard") : dir.resolve("run");
            node = Optional.of(NodeOptions.defaults(nodeName != null ? nodeName : hostName(), dir, runDir)
                    .withClusterCidr(cidr).withInsecureRegistries(Set.copyOf(insecureRegistries))
                    .withClusterDns(List.of(clusterDns))
                    // The agent shares the data directory, so it uses the kubelet certificate the API server's
                    // credentials keep in <data-dir>/pki (written before the agent starts).
                    .withServer(NodeServerOptions.fromPki(dir.resolve("pki"), "0.0.0.0", kubeletPort)));
            if (runtime == NodeRuntime.hollow) {
                node = node.map(options -> options.withHollow(HollowSettings.DEFAULTS));
            } else {
                proxy = Optional.of(serviceFlags.proxyOptions(node.get().nodeName(), clusterCidr));
            }
        }
        StoreOptions options = StoreOptions.defaults();
        KeyValueStore store = datastore == Datastore.sqlite
                ? SqliteStore.open(dir.resolve("state.db"), options)
                : EtcdStore.connect(etcdEndpoints, options);
        ControlPlane controlPlane;
        try {
            controlPlane = ControlPlane.start(dir, bindAddress, port, tlsSans, store, InstantSource.system(),
                    serviceNetwork);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        ClusterComponents components;
        try {
            components = ClusterComponents.start(controlPlane.kubeconfig(),
                    new ClusterCa(controlPlane.credentials(), InstantSource.system()), node, proxy);
        } catch (RuntimeException e) {
            controlPlane.close();
            store.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            components.close();
            controlPlane.close();
            store.close();
            stopped.countDown();
        }, "podyard-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        out.println("Podyard API server listening on https://" + bindAddress + ":" + controlPlane.port()
                + " (datastore " + datastore + ")");
        node.ifPresent(n -> out.println("Node " + n.nodeName() + " runs pods (state in " + n.dataDir() + ", "
                + n.runDir() + ")"));
        out.println("export KUBECONFIG=" + controlPlane.kubeconfig().toAbsolutePath());
        out.flush();
        if (exitWhenReady) {
            boolean ready = node.isEmpty()
                    || NodeReadiness.await(controlPlane.kubeconfig(), node.get().nodeName(), Duration.ofMinutes(2));
            Runtime.getRuntime().removeShutdownHook(shutdown);
            shutdown.run();
            return ready ? 0 : 1;
        }
        stopped.await();
        return 0;
    }

    /** The kernel's host name, lower-cased (a Node name is a DNS subdomain); no DNS lookup. */
    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "localhost";
        }
    }
}
