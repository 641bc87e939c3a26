package io.podyard.node.images;

/**
 * Why an image operation failed. Each kind has its own subclass so the node agent can map it to a
 * container's waiting reason (ErrImagePull, ErrImageNeverPull, InvalidImageName).
 */
public abstract sealed class ImageException extends RuntimeException
        permits InvalidReferenceException, ImageNotPresentException, RegistryException,
                InvalidContentException, UnsafeLayerException {

    protected ImageException(String message) {
        super(message);
    }

    protected ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
