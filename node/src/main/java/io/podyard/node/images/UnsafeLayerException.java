package io.podyard.node.images;

/**
 * A layer entry that would write outside its snapshot: a {@code ..} component, a path through a
 * symlink, a hard link to outside the layer. The whole layer is rejected and nothing of it is kept.
 */
public final class UnsafeLayerException extends ImageException {
    private final String entry;

    public UnsafeLayerException(String entry, String why) {
        super("unsafe layer entry \"" + entry + "\": " + why);
        this.entry = entry;
    }

    public String entry() {
        return entry;
    }
}
