package io.podyard.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The behaviour every {@link KeyValueStore} implementation must have, one test interface per
 * concern. A backend's test extends this and says how to open its store; each test gets a key
 * prefix of its own.
 */
public abstract class KeyValueStoreContract
        implements WriteContract, RangeContract, WatchContract, CompactionContract, LifetimeContract {
    private static final AtomicInteger TEST_IDS = new AtomicInteger();

    private StoreOptions options;
    private KeyValueStore store;
    private String prefix;

    /** Opens a store with {@code options} over this test's data (the same data on every call). */
    protected abstract KeyValueStore open(StoreOptions options);

    @BeforeEach
    void openStore(TestInfo test) {
        prefix = "/t" + TEST_IDS.incrementAndGet() + "-" + test.getTestMethod().orElseThrow().getName() + "/";
        options = StoreOptions.defaults().withKeyPrefix(prefix).withProgressInterval(Duration.ofMillis(200));
        store = open(options);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    public KeyValueStore store() {
        return store;
    }

    @Override
    public StoreOptions options() {
        return options;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public KeyValueStore reopen(StoreOptions newOptions) {
        store.close();
        store = open(newOptions);
        return store;
    }
}
