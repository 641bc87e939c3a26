package io.podyard.store;

/** Why a store call failed; each kind has its own subclass so callers can map it (e.g. to HTTP). */
public abstract sealed class StoreException extends RuntimeException
        permits CompactedException, FutureRevisionException, InvalidRequestException,
                StoreClosedException, StoreUnavailableException {

    protected StoreException(String message) {
        super(message);
    }

    protected StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
