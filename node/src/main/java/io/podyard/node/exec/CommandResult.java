package io.podyard.node.exec;

/** How a {@link Command} ended: its exit code and everything it wrote. */
public record CommandResult(int exitCode, String stdout, String stderr) {
}
