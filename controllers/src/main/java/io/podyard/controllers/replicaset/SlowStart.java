package io.podyard.controllers.replicaset;

import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' slowStartBatch: creates go in batches of 1, 2, 4, … so a template that cannot be
 * created (quota, admission) fails after one call rather than hundreds; a batch with a failure ends
 * the run and the rest are skipped.
 */
public final class SlowStart {
    private SlowStart() {}

    /** The batch sizes for {@code count} creates, starting at {@code initial}. */
    public static List<Integer> batches(int count, int initial) {
        if (count < 0 || initial < 1) {
            throw new IllegalArgumentException("need count >= 0 and initial >= 1, got " + count + ", " + initial);
        }
        List<Integer> sizes = new ArrayList<>();
        int remaining = count;
        int size = Math.min(remaining, initial);
        while (size > 0) {
            sizes.add(size);
            remaining -= size;
            size = Math.min(2 * size, remaining);
        }
        return sizes;
    }
}
