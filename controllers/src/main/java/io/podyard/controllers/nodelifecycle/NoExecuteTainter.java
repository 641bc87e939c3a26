package io.podyard.controllers.nodelifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * Nodes waiting for a NoExecute taint, first come first served, let out through one
 * {@link TokenBucket} whose rate follows the cluster's {@link Disruption} (Kubernetes'
 * zoneNoExecuteTainter: a RateLimitedTimedQueue per zone; here one zone). Thread-safe; time is passed in.
 */
final class NoExecuteTainter {
    private final SequencedSet<String> waiting = new LinkedHashSet<>();
    private final TokenBucket bucket;

    NoExecuteTainter(double rate, Instant now) {
        this.bucket = new TokenBucket(rate, now);
    }

    /** Queues a node (no-op if it waits already). */
    synchronized void add(String node) {
        waiting.add(node);
    }

    /** The node recovered or is gone. */
    synchronized void remove(String node) {
        waiting.remove(node);
    }

    synchronized boolean isWaiting(String node) {
        return waiting.contains(node);
    }

    /** Sets the rate, then lets out as many waiting nodes as tokens allow, oldest first. */
    synchronized List<String> take(double rate, Instant now) {
        if (rate != bucket.rate()) {
            bucket.setRate(rate, now);
        }
        List<String> out = new ArrayList<>();
        while (!waiting.isEmpty() && bucket.tryAcquire(now)) {
            out.add(waiting.removeFirst());
        }
        return out;
    }

    /** When the next waiting node can go out; empty if none waits or the rate is 0. */
    synchronized Optional<Duration> nextIn(Instant now) {
        return waiting.isEmpty() ? Optional.empty() : bucket.nextTokenIn(now);
    }
}
