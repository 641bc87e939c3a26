package io.podyard.node.status;

import io.podyard.node.runtime.ContainerState;
import java.util.Objects;

/**
 * The newest attempt of one container as the runtime reports it.
 *
 * @param id      the runtime's container id (reported as {@code podyard://<id>})
 * @param attempt the restart count: attempt 0 is the first run
 * @param imageId the image's digest reference ({@code repo@sha256:…}), empty when unknown
 */
public record ContainerObservation(String id, int attempt, ContainerState state, String imageId) {
    public ContainerObservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        imageId = imageId == null ? "" : imageId;
    }
}
