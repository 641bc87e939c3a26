package io.podyard.cli;

import io.podyard.apiserver.ControlPlane;
import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.etcd.EtcdStore;
import io.podyard.store.sqlite.SqliteStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "server", description = "Run a Podyard cluster: the API server, the scheduler and the controllers"
        + " (the node agent arrives with its issue).")
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

    @Option(names = "--no-node", description = "run the control plane only (the only mode until the node agent exists)")
    boolean noNode;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = dataDir != null ? dataDir : defaultDataDir();
        if (datastore == Datastore.etcd && etcdEndpoints.isEmpty()) {
            spec.commandLine().getErr().println("--datastore etcd needs --etcd-endpoints (e.g. http://127.0.0.1:2379)");
            return 2;
        }
        StoreOptions options = StoreOptions.defaults();
        KeyValueStore store = datastore == Datastore.sqlite
                ? SqliteStore.open(dir.resolve("state.db"), options)
                : EtcdStore.connect(etcdEndpoints, options);
        ControlPlane controlPlane;
        try {
            controlPlane = ControlPlane.start(dir, bindAddress, port, tlsSans, store, InstantSource.system());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        ClusterComponents components;
        try {
            components = ClusterComponents.start(controlPlane.kubeconfig());
        } catch (RuntimeException e) {
            controlPlane.close();
            store.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            components.close();
            controlPlane.close();
            store.close();
            stopped.countDown();
        }, "podyard-shutdown"));
        out.println("Podyard API server listening on https://" + bindAddress + ":" + controlPlane.port()
                + " (datastore " + datastore + ")");
        out.println("export KUBECONFIG=" + controlPlane.kubeconfig().toAbsolutePath());
        out.flush();
        stopped.await();
        return 0;
    }

    private static Path defaultDataDir() {
        boolean root = "root".equals(System.getProperty("user.name"));
        return root ? Path.of("/var/lib/podyard") : Path.of(System.getProperty("user.home"), ".podyard");
    }
}
