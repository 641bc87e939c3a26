package io.podyard.node.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An image as {@code images.json} records it. Digests are kept as text so the file format does not
 * depend on the API types; {@link Catalog} converts.
 *
 * @param id config digest
 * @param manifest manifest digest
 * @param manifestMediaType the manifest's media type (OCI or Docker schema2)
 * @param index the digest of the index the manifest was chosen from, or null
 * @param repoTags tagged names, canonical form
 * @param repoDigests names by manifest digest, canonical form
 * @param config the runtime-relevant part of the image config
 * @param configSize the config blob's size
 * @param layers bottom first
 * @param lastUsedMillis epoch milliseconds of the last pull or lookup
 */
record StoredImage(String id, String manifest, String manifestMediaType, String index, List<String> repoTags,
        List<String> repoDigests, ImageConfig config, long configSize, List<StoredLayer> layers, long lastUsedMillis) {

    StoredImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(manifest, "manifest");
        repoTags = List.copyOf(Objects.requireNonNullElse(repoTags, List.of()));
        repoDigests = List.copyOf(Objects.requireNonNullElse(repoDigests, List.of()));
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(Objects.requireNonNullElse(layers, List.of()));
    }

    /**
     * @param digest blob digest
     * @param mediaType blob media type
     * @param size blob size
     * @param diffId digest of the uncompressed tar
     * @param chainId names the snapshot
     * @param unpackedSize bytes the snapshot takes
     */
    record StoredLayer(String digest, String mediaType, long size, String diffId, String chainId, long unpackedSize) {
    }

    /** Blobs (config and layers) in bytes. */
    long size() {
        return configSize + layers.stream().mapToLong(StoredLayer::size).sum();
    }

    /** The blobs it references: index, manifest, config, layers. */
    java.util.Set<String> blobs() {
        java.util.Set<String> blobs = new java.util.LinkedHashSet<>();
        if (index != null) {
            blobs.add(index);
        }
        blobs.add(manifest);
        blobs.add(id);
        layers.forEach(l -> blobs.add(l.digest()));
        return blobs;
    }

    boolean isNamed(String name) {
        return repoTags.contains(name) || repoDigests.contains(name);
    }

    StoredImage withLastUsed(long millis) {
        return new StoredImage(id, manifest, manifestMediaType, index, repoTags, repoDigests, config, configSize, layers, millis);
    }

    StoredImage withNames(List<String> tags, List<String> digests) {
        return new StoredImage(id, manifest, manifestMediaType, index, tags, digests, config, configSize, layers, lastUsedMillis);
    }

    /** This image with {@code name} added (tag or digest name) and taken off no other. */
    StoredImage named(String name, boolean byDigest) {
        List<String> tags = new ArrayList<>(repoTags);
        List<String> digests = new ArrayList<>(repoDigests);
        List<String> target = byDigest ? digests : tags;
        if (!target.contains(name)) {
            target.add(name);
        }
        return withNames(tags, digests);
    }

    /** This image without {@code name}. */
    StoredImage unnamed(String name) {
        return withNames(repoTags.stream().filter(n -> !n.equals(name)).toList(),
                repoDigests.stream().filter(n -> !n.equals(name)).toList());
    }
}
