package io.podyard.node.images;

/**
 * The image is not in the local store and may not be pulled (policy Never), or a local operation
 * named an image that does not exist.
 */
public final class ImageNotPresentException extends ImageException {
    public ImageNotPresentException(String message) {
        super(message);
    }
}
