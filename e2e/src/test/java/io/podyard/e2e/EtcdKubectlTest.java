package io.podyard.e2e;

import io.podyard.store.KeyValueStore;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session with the cluster's state in etcd. */
class EtcdKubectlTest extends KubectlSession {
    @RegisterExtension
    static final EtcdCluster ETCD = new EtcdCluster();

    @Override
    KeyValueStore openStore(Path dir) {
        return ETCD.open(dir);
    }
}
