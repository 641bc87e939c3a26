package io.podyard.node.status;

import io.podyard.node.runtime.ContainerState;
import java.util.Objects;
import java.util.Optional;

/**
 * The newest attempt of one container as the runtime reports it.
 *
 * @param id      the runtime's container id (reported as {@code podyard://<id>})
 * @param attempt the restart count: attempt 0 is the first run
 * @param imageId the image's digest reference ({@code repo@sha256:…}), empty when unknown
 * @param previousEnd how the attempt before ended, when the runtime still keeps it (the lastState)
 */
public record ContainerObservation(String id, int attempt, ContainerState state, String imageId,
                                   Optional<PreviousEnd> previousEnd) {
    public ContainerObservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        imageId = imageId == null ? "" : imageId;
        Objects.requireNonNull(previousEnd, "previousEnd");
    }

    public ContainerObservation(String id, int attempt, ContainerState state, String imageId) {
        this(id, attempt, state, imageId, Optional.empty());
    }

    /** The previous attempt's id and end. */
    public record PreviousEnd(String id, ContainerState.Exited exited) {
    }
}
