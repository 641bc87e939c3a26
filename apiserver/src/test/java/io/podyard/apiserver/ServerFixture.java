package io.podyard.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/** A real control plane on 127.0.0.1 over an SQLite store in a temp dir, with an admin client. */
public final class ServerFixture implements AutoCloseable {
    private final Path dir;
    private KeyValueStore store;
    private ControlPlane controlPlane;
    private KubernetesClient client;

    public ServerFixture(Path dir) {
        this.dir = dir;
        start();
    }

    private void start() {
        store = SqliteStore.open(dir.resolve("state.db"), StoreOptions.defaults());
        controlPlane = ControlPlane.start(dir, "127.0.0.1", 0, List.of(), store, InstantSource.system());
        try {
            client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(controlPlane.kubeconfig()))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops everything and starts again over the same data directory. */
    public void restart() {
        close();
        start();
    }

    public KubernetesClient client() {
        return client;
    }

    /** The store under the server, for tests that need to change history (compaction). */
    public KeyValueStore store() {
        return store;
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    public String url() {
        return "https://127.0.0.1:" + controlPlane.port();
    }

    @Override
    public void close() {
        client.close();
        controlPlane.close();
        store.close();
    }
}
