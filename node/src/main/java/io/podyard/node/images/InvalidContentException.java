package io.podyard.node.images;

/**
 * Content that is not what it claims to be: a blob whose digest or size does not match its
 * descriptor, a malformed manifest or config, an unsupported media type, an archive without the
 * files its format requires. Such content is never stored.
 */
public final class InvalidContentException extends ImageException {
    public InvalidContentException(String message) {
        super(message);
    }

    public InvalidContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
