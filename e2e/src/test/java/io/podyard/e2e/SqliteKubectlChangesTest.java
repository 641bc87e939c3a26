package io.podyard.e2e;

import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.sqlite.SqliteStore;
import java.nio.file.Path;

class SqliteKubectlChangesTest extends KubectlChanges {
    @Override
    KeyValueStore openStore(Path dir) {
        return SqliteStore.open(dir.resolve("state.db"), StoreOptions.defaults());
    }
}
