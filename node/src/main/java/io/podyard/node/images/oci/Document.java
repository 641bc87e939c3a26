package io.podyard.node.images.oci;

import io.podyard.node.images.Digest;
import java.util.List;
import java.util.Objects;

/** A manifest document as fetched: either an image manifest or an index of them. */
public sealed interface Document {

    String mediaType();

    /** An image manifest: one config and its layers, bottom first. */
    record Manifest(String mediaType, Descriptor config, List<Descriptor> layers) implements Document {
        public Manifest {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(config, "config");
            layers = List.copyOf(layers);
        }
    }

    /** An image index (Docker: manifest list): one manifest per platform. */
    record Index(String mediaType, List<Descriptor> manifests) implements Document {
        public Index {
            Objects.requireNonNull(mediaType, "mediaType");
            manifests = List.copyOf(manifests);
        }
    }

    /** A document and the digest it was fetched or stored under. */
    record Fetched(Digest digest, byte[] bytes, Document document) {
    }
}
