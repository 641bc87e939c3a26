package io.podyard.e2e;

import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.etcd.EtcdProcess;
import io.podyard.store.etcd.EtcdStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The change session with the state in etcd; each test's cluster has its own key prefix. */
class EtcdKubectlChangesTest extends KubectlChanges {
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
        return EtcdStore.connect(List.of(etcd.endpoint()),
                StoreOptions.defaults().withKeyPrefix("/podyard-" + dir.getFileName() + "/"));
    }
}
