package io.podyard.node.images;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An image in the node's store, ready to run: its layers are unpacked into snapshot directories that
 * stack, bottom to top, as overlayfs lower directories.
 *
 * @param id the config digest, as Kubernetes reports {@code imageID}
 * @param repoTags the tagged names it is known by, e.g. {@code docker.io/library/busybox:latest}
 * @param repoDigests the names by manifest digest, e.g. {@code docker.io/library/busybox@sha256:…}
 * @param manifestDigest the digest of the image manifest (of the platform's manifest for a multi-platform image)
 * @param config what the image says about running it
 * @param layers bottom layer first
 * @param size bytes of its blobs (config and compressed layers), as {@code docker images} reports
 * @param lastUsed when it was last pulled or asked for; image GC removes the least recently used first
 */
public record Image(Digest id, List<String> repoTags, List<String> repoDigests, Digest manifestDigest,
        ImageConfig config, List<Layer> layers, long size, Instant lastUsed) {

    public Image {
        Objects.requireNonNull(id, "id");
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        Objects.requireNonNull(lastUsed, "lastUsed");
    }

    /**
     * One layer.
     *
     * @param digest the blob's digest (compressed, as in the manifest)
     * @param mediaType the blob's media type
     * @param size the blob's size
     * @param diffId the digest of the uncompressed tar, as in the config's rootfs
     * @param chainId the identity of this layer stacked on those below it, which names its snapshot
     * @param snapshot the directory holding the unpacked layer, with deletions as overlayfs whiteouts
     */
    public record Layer(Digest digest, String mediaType, long size, Digest diffId, Digest chainId, Path snapshot) {
    }

    /** The snapshot directories, bottom first. */
    public List<Path> snapshots() {
        return layers.stream().map(Layer::snapshot).toList();
    }

    /** The value for overlayfs' {@code lowerdir=} option: the top layer first, as overlayfs wants. */
    public String overlayLowerdir() {
        return layers.reversed().stream().map(l -> l.snapshot().toString()).collect(Collectors.joining(":"));
    }
}
