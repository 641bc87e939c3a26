package io.podyard.node.runtime;

/**
 * The container's configuration cannot be turned into a runnable spec (Kubernetes reports this
 * as CreateContainerConfigError): no command, an unknown user, a missing env source, ….
 */
public final class ContainerConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ContainerConfigException(String message) {
        super(message);
    }
}
