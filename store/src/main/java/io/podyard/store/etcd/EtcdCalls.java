package io.podyard.store.etcd;

import io.podyard.store.CompactedException;
import io.podyard.store.FutureRevisionException;
import io.podyard.store.StoreException;
import io.podyard.store.StoreUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for etcd calls and turns etcd's errors into the store's. */
final class EtcdCalls {
    private static final long TIMEOUT_SECONDS = 30;
    private static final String COMPACTED = "required revision has been compacted";
    private static final String FUTURE = "required revision is a future revision";

    private EtcdCalls() {}

    /** The call's result; {@code revision} names the revision it asked for, for error messages. */
    static <T> T await(CompletableFuture<T> call, long revision) {
        try {
            return call.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw translate(e, revision);
        }
    }

    /** Compacting to a revision etcd already compacted past is not an error for the store. */
    static void awaitCompaction(CompletableFuture<?> call, long revision) {
        try {
            await(call, revision);
        } catch (CompactedException alreadyCompacted) {
            // idempotent, like the SQLite store
        }
    }

    static StoreException translate(Throwable e, long revision) {
        if (e instanceof ExecutionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof StoreException se) {
            return se;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new StoreUnavailableException("interrupted while waiting for etcd", e);
        }
        if (e instanceof TimeoutException) {
            return new StoreUnavailableException("etcd did not answer within " + TIMEOUT_SECONDS + "s", e);
        }
        if (e instanceof io.etcd.jetcd.common.exception.CompactedException c) {
            return new CompactedException(revision, c.getCompactedRevision());
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains(COMPACTED)) {
            return new CompactedException(revision, 0);
        }
        if (message.contains(FUTURE)) {
            return new FutureRevisionException(revision, 0);
        }
        return new StoreUnavailableException("etcd: " + message, e);
    }
}
