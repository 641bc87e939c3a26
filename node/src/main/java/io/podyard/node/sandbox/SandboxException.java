package io.podyard.node.sandbox;

/** A pod sandbox could not be set up, checked or torn down; the message says which step and why. */
public class SandboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
