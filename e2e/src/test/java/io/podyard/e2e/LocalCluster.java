package io.podyard.e2e;

import io.podyard.apiserver.ControlPlane;
import io.podyard.store.KeyValueStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Function;

/** A Podyard control plane on 127.0.0.1 over a store of the test's choosing, restartable on the same data. */
final class LocalCluster implements AutoCloseable {
    private final Path dir;
    private final Function<Path, KeyValueStore> openStore;
    private KeyValueStore store;
    private ControlPlane server;

    LocalCluster(Path dir, Function<Path, KeyValueStore> openStore) {
        this.dir = dir;
        this.openStore = openStore;
        start();
    }

    private void start() {
        store = openStore.apply(dir);
        server = ControlPlane.start(dir, "127.0.0.1", 0, List.of(), store, InstantSource.system());
    }

    Path kubeconfig() {
        return server.kubeconfig();
    }

    /** Stops the server and its store and starts both again over the same data. */
    void restart() {
        close();
        start();
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
