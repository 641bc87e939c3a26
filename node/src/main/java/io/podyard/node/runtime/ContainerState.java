package io.podyard.node.runtime;

import java.time.Instant;

/** Where a container is in its life, as the runtime observes it. */
public sealed interface ContainerState {
    /** Created by runc, process not started yet. */
    record Created(Instant createdAt) implements ContainerState {
    }

    record Running(int pid, Instant startedAt) implements ContainerState {
    }

    /**
     * The process ended; conmon recorded the code (128 + signal for a killed process) and the
     * moment it wrote it. {@code startedAt} is null when it never started. {@code message} is the
     * termination message (Kubernetes' terminated.message), empty until someone reads it.
     */
    record Exited(int exitCode, Instant startedAt, Instant finishedAt, boolean oomKilled, String message)
            implements ContainerState {
        public Exited {
            message = message == null ? "" : message;
        }

        public Exited(int exitCode, Instant startedAt, Instant finishedAt, boolean oomKilled) {
            this(exitCode, startedAt, finishedAt, oomKilled, "");
        }

        public Exited withMessage(String text) {
            return new Exited(exitCode, startedAt, finishedAt, oomKilled, text);
        }

        /** Kubelet's terminated reasons. */
        public String reason() {
            if (oomKilled) {
                return "OOMKilled";
            }
            return exitCode == 0 ? "Completed" : "Error";
        }
    }

    /** The runtime cannot tell (its records are gone or contradict each other); the reason says why. */
    record Unknown(String reason) implements ContainerState {
    }
}
