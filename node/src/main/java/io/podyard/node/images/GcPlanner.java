package io.podyard.node.images;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which images a garbage collection removes: those no container uses, least recently used first,
 * until usage is at most the target. Removing an image frees only the content (blobs, snapshots) no
 * remaining image shares, so usage is recounted after each removal. Pure: the service measures and
 * deletes.
 */
final class GcPlanner {
    private GcPlanner() {
    }

    /**
     * @param id the image
     * @param lastUsedMillis its last use
     * @param content keys of what it references (blobs and snapshots), each sized in {@code sizes}
     */
    record Candidate(Digest id, long lastUsedMillis, Set<String> content) {
    }

    /** Images to remove, in order, and what removing them frees. */
    record Plan(List<Digest> remove, long freedBytes) {
    }

    static Plan plan(List<Candidate> images, Map<String, Long> sizes, Set<Digest> inUse, long usage, long target) {
        Map<String, Integer> references = new HashMap<>();
        for (Candidate image : images) {
            image.content().forEach(key -> references.merge(key, 1, Integer::sum));
        }
        List<Candidate> removable = images.stream()
                .filter(image -> !inUse.contains(image.id()))
                .sorted(Comparator.comparingLong(Candidate::lastUsedMillis).thenComparing(Candidate::id))
                .toList();
        List<Digest> remove = new ArrayList<>();
        long freed = 0;
        for (Candidate image : removable) {
            if (usage - freed <= target) {
                break;
            }
            remove.add(image.id());
            for (String key : image.content()) {
                if (references.merge(key, -1, Integer::sum) == 0) {
                    freed += sizes.getOrDefault(key, 0L);
                }
            }
        }
        return new Plan(remove, freed);
    }
}
