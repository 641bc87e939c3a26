package io.podyard.e2e;

import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.sqlite.SqliteStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh Podyard cluster per test and a kubectl pointed at it. Subclasses choose the datastore
 * (SQLite unless they say otherwise) and may choose the kubectl binary.
 */
abstract class ClusterSession {
    @TempDir
    Path dir;

    LocalCluster cluster;
    Kubectl kubectl;

    /** The store under this test's cluster; reopening it must show the same data. */
    KeyValueStore openStore(Path dir) {
        return SqliteStore.open(dir.resolve("state.db"), StoreOptions.defaults());
    }

    Kubectl kubectl(Path kubeconfig) {
        return new Kubectl(kubeconfig);
    }

    @BeforeEach
    void startCluster() {
        cluster = new LocalCluster(dir, this::openStore);
        kubectl = kubectl(cluster.kubeconfig());
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** Stops the cluster and starts it again on the same data. */
    void restartCluster() {
        cluster.restart();
        kubectl = kubectl(cluster.kubeconfig());
    }
}
