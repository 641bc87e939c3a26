package io.podyard.node.mounts;

/** A mount or unmount failed; the message names the mount and the system's reason. */
public final class MountException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public MountException(String message) {
        this(message, 0);
    }

    public MountException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The errno of the failed call, 0 when the input was rejected before any call. */
    public int errno() {
        return errno;
    }
}
