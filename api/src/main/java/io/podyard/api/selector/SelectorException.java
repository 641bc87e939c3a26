package io.podyard.api.selector;

/** A selector that Kubernetes would reject; the message is the one the API server would return. */
public final class SelectorException extends RuntimeException {
    SelectorException(String message) {
        super(message);
    }
}
