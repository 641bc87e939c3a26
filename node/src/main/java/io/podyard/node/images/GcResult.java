package io.podyard.node.images;

import java.util.List;

/**
 * What an image garbage collection did.
 *
 * @param removed IDs of the images removed, least recently used first
 * @param freedBytes bytes of blobs and snapshots deleted (unreferenced leftovers included)
 * @param usageBytes the store's usage afterwards
 */
public record GcResult(List<Digest> removed, long freedBytes, long usageBytes) {
    public GcResult {
        removed = List.copyOf(removed);
    }
}
