package io.podyard.store.sqlite;

import io.podyard.store.KeyValueStore;
import io.podyard.store.KeyValueStoreContract;
import io.podyard.store.StoreOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreContractTest extends KeyValueStoreContract {
    @TempDir
    Path dir;

    @Override
    protected KeyValueStore open(StoreOptions options) {
        return SqliteStore.open(dir.resolve("state.db"), options);
    }
}
