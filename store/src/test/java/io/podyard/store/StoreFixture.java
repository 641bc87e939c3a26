package io.podyard.store;

import static java.nio.charset.StandardCharsets.UTF_8;

/** What the contract's test interfaces need from the class that runs them. */
public interface StoreFixture {

    /** The store under test; a fresh key prefix per test keeps tests apart. */
    KeyValueStore store();

    StoreOptions options();

    /** This test's key prefix; every key it writes is under it. */
    String prefix();

    /** Closes the store (if open) and opens it again over the same data with {@code options}. */
    KeyValueStore reopen(StoreOptions options);

    default String key(String name) {
        return prefix() + name;
    }

    default byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    default String text(KeyValue kv) {
        return new String(kv.value(), UTF_8);
    }
}
