package io.podyard.e2e;

import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.etcd.EtcdProcess;
import io.podyard.store.etcd.EtcdStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same session with the state in etcd (one etcd for the class; each test uses its own prefix). */
class EtcdKubectlTest extends KubectlSession {
    private static EtcdProcess etcd;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdProcess.start();
    }

    @AfterAll
    static void stopEtcd() {
        etcd.close();
    }

    @Override
    KeyValueStore openStore(Path dir) {
        // A prefix per test directory keeps each session's cluster apart inside the one etcd.
        String prefix = "/podyard-" + dir.getFileName() + "/";
        return EtcdStore.connect(List.of(etcd.endpoint()), StoreOptions.defaults().withKeyPrefix(prefix));
    }
}
