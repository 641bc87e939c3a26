package io.podyard.store;

/** The store was closed; nothing was read or written. */
public final class StoreClosedException extends StoreException {
    public StoreClosedException() {
        super("the store is closed");
    }
}
