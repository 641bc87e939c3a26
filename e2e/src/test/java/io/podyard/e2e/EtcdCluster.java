package io.podyard.e2e;

import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.etcd.EtcdProcess;
import io.podyard.store.etcd.EtcdStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One etcd for a test class, started before its tests and stopped after; each test's cluster keeps
 * its state under a key prefix of its own (named after its temp directory, so a restart finds it).
 */
final class EtcdCluster implements BeforeAllCallback, AfterAllCallback {
    private EtcdProcess etcd;

    @Override
    public void beforeAll(ExtensionContext context) {
        etcd = EtcdProcess.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        etcd.close();
    }

    KeyValueStore open(Path dir) {
        return EtcdStore.connect(List.of(etcd.endpoint()),
                StoreOptions.defaults().withKeyPrefix("/podyard-" + dir.getFileName() + "/"));
    }
}
