package io.podyard.node.images;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ImageService#remove} did, as {@code docker rmi} reports it.
 *
 * @param untagged the names taken off the image
 * @param deleted the image's ID if the image itself was deleted (its last name went, or it was named by ID)
 */
public record RemovedImage(List<String> untagged, Optional<Digest> deleted) {
    public RemovedImage {
        untagged = List.copyOf(untagged);
    }
}
