package io.podyard.node.runtime;

/** The runtime could not do what was asked (runc or conmon failed, no such container, …); the message says why. */
public class ContainerRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ContainerRuntimeException(String message) {
        super(message);
    }

    public ContainerRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
