package io.podyard.controllers.runtime;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A work queue and the workers that drain it into a {@link Reconciler}. Event handlers only
 * {@link #enqueue} keys; the queue guarantees one key is never reconciled by two workers at once.
 */
public final class Controller<K> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);

    private final String name;
    private final Reconciler<K> reconciler;
    private final WorkQueue<K> queue;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();

    public Controller(String name, Reconciler<K> reconciler, InstantSource clock, RateLimiter.Settings backoff,
            int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a controller needs at least one worker, got " + workers);
        }
        this.name = Objects.requireNonNull(name);
        this.reconciler = Objects.requireNonNull(reconciler);
        this.queue = new WorkQueue<>(clock, new RateLimiter<>(backoff, clock));
        this.workers = workers;
    }

    public String name() {
        return name;
    }

    public void enqueue(K key) {
        queue.add(key);
    }

    public void enqueueAfter(K key, java.time.Duration delay) {
        queue.addAfter(key, delay);
    }

    public synchronized void start() {
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name(name + "-worker-" + i).start(this::work));
        }
    }

    private void work() {
        try {
            K key;
            while ((key = queue.take()) != null) {
                try {
                    handle(key, run(key));
                } finally {
                    queue.done(key);
                }
            }
        } catch (InterruptedException e) {
            // shutting down
        }
    }

    private Result run(K key) {
        try {
            return reconciler.reconcile(key);
        } catch (Exception e) {
            return Result.failed(e);
        }
    }

    private void handle(K key, Result result) {
        switch (result) {
            case Result.Done d -> queue.forget(key);
            case Result.RequeueAfter r -> {
                queue.forget(key);
                queue.addAfter(key, r.delay());
            }
            case Result.Failed f -> {
                int retries = queue.retries(key);
                if (f.cause() instanceof KubernetesClientException k && (k.getCode() == 409 || k.getCode() == 404)) {
                    // the cache was behind the API server: the retry reads the newer state
                    log.debug("{}: {} raced ({}, retry {}): {}", name, key, k.getCode(), retries, k.getMessage());
                } else {
                    log.info("{}: reconciling {} failed (retry {})", name, key, retries, f.cause());
                }
                queue.addRateLimited(key);
            }
        }
    }

    @Override
    public synchronized void close() {
        queue.shutDown();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
