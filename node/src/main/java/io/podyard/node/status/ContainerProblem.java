package io.podyard.node.status;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a container could not be started on its last try, and when the worker tries again. Each
 * maps onto a Kubernetes waiting reason.
 */
public sealed interface ContainerProblem {
    Instant retryAt();

    String message();

    /**
     * The image could not be pulled. {@code reason} is ErrImagePull, InvalidImageName or
     * ErrImageNeverPull; once the status has shown it, a back-off pull failure shows as
     * ImagePullBackOff until {@code retryAt}.
     *
     * @param failures consecutive failed pulls (the back-off doubles with each)
     * @param shown    whether a status with the fresh reason was already written
     */
    record PullFailed(String image, String reason, String message, int failures, Instant retryAt, boolean shown)
            implements ContainerProblem {
        public PullFailed {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(retryAt, "retryAt");
        }

        public PullFailed asShown() {
            return new PullFailed(image, reason, message, failures, retryAt, true);
        }
    }

    /** The container's configuration (env or volume sources) cannot be resolved: CreateContainerConfigError. */
    record ConfigFailed(String message, Instant retryAt) implements ContainerProblem {
        public ConfigFailed {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(retryAt, "retryAt");
        }
    }

    /** The runtime failed to create or start it: CreateContainerError (or RunContainerError). */
    record StartFailed(String reason, String message, Instant retryAt) implements ContainerProblem {
        public StartFailed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(retryAt, "retryAt");
        }
    }
}
