package io.podyard.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One key's value at one revision.
 *
 * @param createRevision the revision that created the key (reset when a deleted key is recreated)
 * @param modRevision the revision of the last write to the key
 * @param version writes since creation: 1 after the create, +1 per update
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version) {

    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv
                && key.equals(kv.key)
                && createRevision == kv.createRevision
                && modRevision == kv.modRevision
                && version == kv.version
                && Arrays.equals(value, kv.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, createRevision, modRevision, version, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "KeyValue[" + key + " create=" + createRevision + " mod=" + modRevision
                + " version=" + version + " bytes=" + value.length + "]";
    }
}
