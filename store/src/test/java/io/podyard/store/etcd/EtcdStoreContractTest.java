package io.podyard.store.etcd;

import io.podyard.store.KeyValueStore;
import io.podyard.store.KeyValueStoreContract;
import io.podyard.store.StoreOptions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against a real etcd started for this class; each test has a key prefix of its own. */
class EtcdStoreContractTest extends KeyValueStoreContract {
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
    protected KeyValueStore open(StoreOptions options) {
        return EtcdStore.connect(List.of(etcd.endpoint()), options);
    }
}
