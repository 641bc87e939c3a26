package io.podyard.store.internal;

import io.podyard.store.FutureRevisionException;
import io.podyard.store.Keys;
import io.podyard.store.KeyValue;
import io.podyard.store.KeyValueStore;
import io.podyard.store.RangeResult;
import io.podyard.store.StoreClosedException;
import io.podyard.store.StoreOptions;
import io.podyard.store.Watch;
import io.podyard.store.WatchListener;
import io.podyard.store.WriteResult;
import java.time.Duration;
import java.util.Optional;

/**
 * What every backend does the same way before it touches its storage: refuse calls after close and
 * reject bad arguments with {@link io.podyard.store.InvalidRequestException}, so bad input never
 * reaches (or half-changes) a backend. Backends implement the protected hooks, which receive only
 * checked arguments.
 */
public abstract class StoreBase implements KeyValueStore {
    protected final StoreOptions options;
    private volatile boolean closed;

    protected StoreBase(StoreOptions options) {
        this.options = options;
    }

    protected abstract long revisionNow();

    protected abstract Optional<KeyValue> read(String key, long atRevision);

    protected abstract RangeResult readRange(String prefix, int limit, String continueAfter, long atRevision);

    protected abstract long countNow(String prefix);

    /** {@code value} is the caller's copy to keep; {@code ttl} is null or at least a second. */
    protected abstract WriteResult doCreate(String key, byte[] value, Duration ttl);

    protected abstract WriteResult doUpdate(String key, long expectedModRevision, byte[] value, Duration ttl);

    protected abstract WriteResult doDelete(String key, long expectedModRevision);

    protected abstract Watch doWatch(String prefix, long fromRevision, WatchListener listener);

    /** {@code revision} is at most the current revision. */
    protected abstract void doCompact(long revision);

    /** Releases the backend; called once. */
    protected abstract void doClose();

    @Override
    public final String keyPrefix() {
        return options.keyPrefix();
    }

    @Override
    public final long currentRevision() {
        checkOpen();
        return revisionNow();
    }

    @Override
    public final Optional<KeyValue> get(String key, long atRevision) {
        checkOpen();
        return read(key(key), Keys.checkRevision(atRevision));
    }

    @Override
    public final RangeResult range(String prefix, int limit, String continueAfter, long atRevision) {
        checkOpen();
        Keys.checkPrefix(options.keyPrefix(), prefix);
        Keys.checkLimit(limit);
        Keys.checkRevision(atRevision);
        if (continueAfter != null) {
            key(continueAfter);
        }
        return readRange(prefix, limit, continueAfter, atRevision);
    }

    @Override
    public final long count(String prefix) {
        checkOpen();
        return countNow(Keys.checkPrefix(options.keyPrefix(), prefix));
    }

    @Override
    public final WriteResult create(String key, byte[] value, Duration ttl) {
        checkOpen();
        return doCreate(key(key), Keys.checkValue(value).clone(), Keys.checkTtl(ttl));
    }

    @Override
    public final WriteResult update(String key, long expectedModRevision, byte[] value, Duration ttl) {
        checkOpen();
        return doUpdate(key(key), expectedModRevision, Keys.checkValue(value).clone(), Keys.checkTtl(ttl));
    }

    @Override
    public final WriteResult delete(String key, long expectedModRevision) {
        checkOpen();
        return doDelete(key(key), expectedModRevision);
    }

    @Override
    public final Watch watch(String prefix, long fromRevision, WatchListener listener) {
        checkOpen();
        Keys.checkPrefix(options.keyPrefix(), prefix);
        return doWatch(prefix, Keys.checkRevision(fromRevision), listener);
    }

    @Override
    public final void compact(long revision) {
        checkOpen();
        Keys.checkRevision(revision);
        long current = revisionNow();
        if (revision > current) {
            throw new FutureRevisionException(revision, current);
        }
        doCompact(revision);
    }

    @Override
    public final synchronized void close() {
        if (!closed) {
            closed = true;
            doClose();
        }
    }

    protected final void checkOpen() {
        if (closed) {
            throw new StoreClosedException();
        }
    }

    private String key(String key) {
        return Keys.checkKey(options.keyPrefix(), key);
    }
}
