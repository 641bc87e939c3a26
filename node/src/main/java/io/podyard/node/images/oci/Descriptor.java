package io.podyard.node.images.oci;

import io.podyard.node.images.Digest;
import io.podyard.node.images.Platform;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A reference to content: its media type, digest and size, plus what an index says about it.
 *
 * @param platform the platform of a manifest in an index, or null
 * @param annotations e.g. {@code org.opencontainers.image.ref.name} in an OCI layout's index
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform, Map<String, String> annotations) {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        annotations = Map.copyOf(Objects.requireNonNullElse(annotations, Map.of()));
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, Map.of());
    }

    public Optional<String> annotation(String key) {
        return Optional.ofNullable(annotations.get(key));
    }
}
