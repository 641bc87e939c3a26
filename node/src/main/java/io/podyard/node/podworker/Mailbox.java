package io.podyard.node.podworker;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pod worker's single slot: only the newest pod is kept (older specs are dropped, never
 * queued), plus whether the pod left the API and whether something asks for a sync anyway (a
 * container exited, a periodic resync).
 */
final class Mailbox {
    /** What the worker takes out: the newest pod and whether it is gone from the API. */
    record Letter(Pod pod, boolean removed) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Pod newest;
    private boolean removed;
    private boolean pending;
    private boolean closed;

    Mailbox(Pod pod) {
        this.newest = pod;
        this.pending = true;
    }

    void put(Pod pod) {
        signal(() -> newest = pod);
    }

    void putRemoved(Pod lastKnown) {
        signal(() -> {
            newest = lastKnown;
            removed = true;
        });
    }

    /** Asks for a sync with the pod as it is. */
    void poke() {
        signal(() -> {
        });
    }

    void close() {
        signal(() -> closed = true);
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            pending = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until something arrives or {@code wakeAt} passes (no deadline when empty); empty
     * when the mailbox was closed.
     */
    Optional<Letter> take(Optional<Instant> wakeAt, InstantSource clock) throws InterruptedException {
        lock.lock();
        try {
            while (!pending && !closed) {
                if (wakeAt.isEmpty()) {
                    changed.await();
                    continue;
                }
                Duration left = Duration.between(clock.instant(), wakeAt.get());
                if (left.isNegative() || left.isZero()) {
                    break;
                }
                changed.await(left.toMillis() + 1, TimeUnit.MILLISECONDS);
            }
            if (closed) {
                return Optional.empty();
            }
            pending = false;
            return Optional.of(new Letter(newest, removed));
        } finally {
            lock.unlock();
        }
    }
}
