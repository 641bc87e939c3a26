package io.podyard.controllers.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A controller's queue of keys to reconcile, with client-go's guarantees: a key is queued at most
 * once however often it is added ("dirty" set); a key being processed is never handed out again
 * until {@link #done} (an add meanwhile queues it once more after done); keys can wait before they
 * enter ({@link #addAfter}, earliest time wins) and failed keys come back with per-key exponential
 * back-off ({@link #addRateLimited}). Time comes from the injected clock; {@link #poll} never blocks,
 * so tests step a fake clock.
 */
public final class WorkQueue<K> {
    private record Waiting<K>(K key, Instant readyAt) {}

    private final InstantSource clock;
    private final RateLimiter<K> limiter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final PriorityQueue<Waiting<K>> waiting =
            new PriorityQueue<>((a, b) -> a.readyAt().compareTo(b.readyAt()));
    private final Map<K, Instant> readyAt = new HashMap<>();
    private boolean shutDown;

    public WorkQueue(InstantSource clock, RateLimiter<K> limiter) {
        this.clock = Objects.requireNonNull(clock);
        this.limiter = Objects.requireNonNull(limiter);
    }

    /** Queues {@code key} unless it is queued already. */
    public void add(K key) {
        Objects.requireNonNull(key);
        lock.lock();
        try {
            if (shutDown || !dirty.add(key)) {
                return;
            }
            if (!processing.contains(key)) {
                queue.addLast(key);
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code key} once {@code delay} has passed; an earlier pending time for it stays. */
    public void addAfter(K key, Duration delay) {
        Objects.requireNonNull(key);
        if (delay.isNegative() || delay.isZero()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (shutDown) {
                return;
            }
            Instant at = clock.instant().plus(delay);
            Instant current = readyAt.get(key);
            if (current == null || at.isBefore(current)) {
                readyAt.put(key, at);
                waiting.add(new Waiting<>(key, at));
                changed.signalAll(); // a sleeping taker may need to wake sooner
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues a failed key after its back-off. */
    public void addRateLimited(K key) {
        addAfter(key, limiter.when(key));
    }

    /** The key succeeded: forgets its failures. */
    public void forget(K key) {
        limiter.forget(key);
    }

    public int retries(K key) {
        return limiter.retries(key);
    }

    /** The next key ready now, marked as processing; empty when none is. Never blocks. */
    public Optional<K> poll() {
        lock.lock();
        try {
            promoteDue();
            K key = queue.pollFirst();
            if (key == null) {
                return Optional.empty();
            }
            dirty.remove(key);
            processing.add(key);
            return Optional.of(key);
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the next key; null once the queue is shut down. */
    public K take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (shutDown) {
                    return null;
                }
                Optional<K> next = poll();
                if (next.isPresent()) {
                    return next.get();
                }
                Waiting<K> first = waiting.peek();
                if (first == null) {
                    changed.await();
                } else {
                    long nanos = Duration.between(clock.instant(), first.readyAt()).toNanos();
                    changed.await(Math.max(1, nanos), TimeUnit.NANOSECONDS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The worker finished {@code key}; if it was added meanwhile, it is queued again now. */
    public void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key) && !shutDown) {
                queue.addLast(key);
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keys queued and ready (not counting those waiting or being processed). */
    public int length() {
        lock.lock();
        try {
            promoteDue();
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** When the earliest waiting key becomes ready, if any waits. */
    public Optional<Instant> nextReadyAt() {
        lock.lock();
        try {
            dropStale();
            return Optional.ofNullable(waiting.peek()).map(Waiting::readyAt);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every taker with null; adds are ignored from now on. */
    public void shutDown() {
        lock.lock();
        try {
            shutDown = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void promoteDue() {
        Instant now = clock.instant();
        dropStale();
        while (!waiting.isEmpty() && !waiting.peek().readyAt().isAfter(now)) {
            Waiting<K> w = waiting.poll();
            readyAt.remove(w.key());
            if (dirty.add(w.key()) && !processing.contains(w.key())) {
                queue.addLast(w.key());
            }
            dropStale();
        }
    }

    /** Heap entries superseded by an earlier time for the same key. */
    private void dropStale() {
        while (!waiting.isEmpty() && !waiting.peek().readyAt().equals(readyAt.get(waiting.peek().key()))) {
            waiting.poll();
        }
    }
}
