package io.podyard.store;

/** The request itself is malformed (bad key, oversize value); the store did not change. */
public final class InvalidRequestException extends StoreException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
