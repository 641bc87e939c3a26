package io.podyard.node.runtime;

/**
 * How a command run with {@link ContainerRuntime#execSync} ended: its exit code and output, or
 * that it was killed at the timeout (exit code -1 then).
 */
public record ExecSyncResult(int exitCode, String stdout, String stderr, boolean timedOut) {
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** Stdout then stderr, as a probe or hook message shows them. */
    public String output() {
        return (stdout + stderr).strip();
    }
}
