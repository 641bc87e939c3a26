package io.podyard.store;

/**
 * The backend failed (I/O error, etcd unreachable, a watcher fell behind). For a write this means
 * the outcome is unknown only if the backend may have applied it (etcd); the SQLite store rolls back.
 */
public final class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
