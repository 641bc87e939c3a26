package io.podyard.scheduler.queue;

import io.podyard.scheduler.framework.PodInfo;
import java.time.Instant;
import java.util.Set;

/**
 * A pending pod in the queue.
 *
 * @param attempts scheduling attempts that failed so far (drives the back-off)
 * @param added when the pod entered the queue (orders pods of equal priority)
 * @param rejectedBy the plugins that rejected it last time (decide which events retry it)
 * @param cycle the scheduling cycle in which it was last popped
 */
public record QueuedPod(PodInfo pod, int attempts, Instant added, Instant backoffUntil, Set<String> rejectedBy,
        long sequence, long cycle) {

    public QueuedPod {
        rejectedBy = Set.copyOf(rejectedBy);
    }

    QueuedPod withPod(PodInfo updated) {
        return new QueuedPod(updated, attempts, added, backoffUntil, rejectedBy, sequence, cycle);
    }
}
