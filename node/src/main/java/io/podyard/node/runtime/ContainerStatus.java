package io.podyard.node.runtime;

/** A container and its current state. */
public record ContainerStatus(ContainerInfo info, ContainerState state) {
    public boolean running() {
        return state instanceof ContainerState.Running;
    }

    public boolean exited() {
        return state instanceof ContainerState.Exited;
    }
}
