package io.podyard.store;

import java.time.Duration;
import java.util.Optional;

/**
 * An MVCC key-value store with etcd's semantics: one global revision counter, every write appends a
 * revision, reads can be served at a past revision until it is compacted, and watches replay every
 * change after a revision in strict revision order.
 *
 * <p>Keys are printable ASCII under the store's {@linkplain StoreOptions#keyPrefix() prefix};
 * values are bytes up to {@link Keys#MAX_VALUE_BYTES}. Writes are compare-and-swap: they either
 * apply and return {@link WriteResult.Written} with the new revision, or change nothing and return
 * {@link WriteResult.Conflict} carrying the key's current value. A write is acknowledged only once
 * it is durable.
 *
 * <p>Revision arguments: {@code 0} means "the current revision".
 */
public interface KeyValueStore extends AutoCloseable {

    /** Every key of this store starts with this prefix (see {@link StoreOptions#keyPrefix()}). */
    String keyPrefix();

    /** The newest revision of the store (0 for a store that was never written). */
    long currentRevision();

    /** The key's value at the current revision. */
    default Optional<KeyValue> get(String key) {
        return get(key, 0);
    }

    /**
     * The key's value as of {@code atRevision}.
     *
     * @throws CompactedException if {@code atRevision} is older than the compacted revision
     * @throws FutureRevisionException if {@code atRevision} is newer than the current revision
     */
    Optional<KeyValue> get(String key, long atRevision);

    /** All keys under {@code prefix} at the current revision, in key order. */
    default RangeResult range(String prefix) {
        return range(prefix, 0, null, 0);
    }

    /**
     * Keys under {@code prefix}, in key order, as of {@code atRevision}.
     *
     * @param limit at most this many items (0 = no limit); {@link RangeResult#more()} tells whether
     *     more keys follow
     * @param continueAfter start after this key (exclusive), or null to start at the prefix; to
     *     page through a consistent snapshot pass the previous page's last key and its revision
     */
    RangeResult range(String prefix, int limit, String continueAfter, long atRevision);

    /** The number of keys under {@code prefix} at the current revision. */
    long count(String prefix);

    /** Creates {@code key} if it does not exist (or was deleted). */
    default WriteResult create(String key, byte[] value) {
        return create(key, value, null);
    }

    /**
     * Creates {@code key} if it does not exist; with a {@code ttl} the store deletes the key by
     * itself once the ttl has passed (unless it was written again without one).
     */
    WriteResult create(String key, byte[] value, Duration ttl);

    /** Replaces the value of {@code key} if its mod revision is still {@code expectedModRevision}. */
    default WriteResult update(String key, long expectedModRevision, byte[] value) {
        return update(key, expectedModRevision, value, null);
    }

    /** As {@link #update(String, long, byte[])}, with an optional time to live for the new value. */
    WriteResult update(String key, long expectedModRevision, byte[] value, Duration ttl);

    /** Deletes {@code key} if its mod revision is still {@code expectedModRevision}. */
    WriteResult delete(String key, long expectedModRevision);

    /**
     * Streams every change under {@code prefix} with a revision greater than {@code fromRevision}
     * (0 = changes from now on) to {@code listener}, in revision order, on a thread of the store's.
     * If the history after {@code fromRevision} was compacted away the listener is closed with a
     * {@link CompactedException}.
     */
    Watch watch(String prefix, long fromRevision, WatchListener listener);

    /**
     * Discards history older than {@code revision}: reads at older revisions and watches from them
     * fail with {@link CompactedException} afterwards. Compacting to a revision at or below the
     * compacted revision does nothing.
     *
     * @throws FutureRevisionException if {@code revision} is newer than the current revision
     */
    void compact(long revision);

    /** Closes the store; later calls fail with {@link StoreClosedException}, open watches close. */
    @Override
    void close();
}
