package io.podyard.node.sandbox;

/**
 * A CNI plugin failed or answered something unusable. When the plugin sent a CNI error, its
 * code, message and details are kept (code 0 otherwise).
 */
public final class CniException extends SandboxException {
    private static final long serialVersionUID = 1L;
    private final int code;

    CniException(String message) {
        this(message, 0);
    }

    CniException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** The CNI error code (1-99 are the spec's well-known ones, 100+ the plugin's own), 0 if none. */
    public int code() {
        return code;
    }
}
