package io.podyard.node.images;

/** An image reference that does not parse (Kubernetes: InvalidImageName). */
public final class InvalidReferenceException extends ImageException {
    private final String reference;

    public InvalidReferenceException(String reference, String why) {
        super("invalid reference format \"" + reference + "\": " + why);
        this.reference = reference;
    }

    public String reference() {
        return reference;
    }
}
