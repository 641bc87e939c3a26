package io.podyard.store;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a store's history bounded, the way the Kubernetes API server does for etcd: every interval
 * it compacts to the revision it saw one interval earlier, so between one and two intervals of
 * history stay available for watches to resume from, and churn never grows the store without bound.
 */
public final class Compactor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Compactor.class);

    private final KeyValueStore store;
    private final Thread thread;
    private long previous;

    private Compactor(KeyValueStore store, Duration interval) {
        this.store = store;
        this.thread = interval == null ? null
                : Thread.ofVirtual().name("store-compactor").start(() -> loop(interval));
    }

    /**
     * Starts compacting {@code store} every {@code interval} in the background; with a zero interval
     * the compactor only acts when {@link #tick()} is called.
     */
    public static Compactor start(KeyValueStore store, Duration interval) {
        return new Compactor(store, interval.isZero() ? null : interval);
    }

    /** A compactor that only acts when {@link #tick()} is called. */
    public static Compactor manual(KeyValueStore store) {
        return new Compactor(store, null);
    }

    /** Compacts to the revision seen at the previous tick; returns the revision compacted to (0 = none). */
    public synchronized long tick() {
        long now = store.currentRevision();
        long target = previous;
        if (target > 0) {
            store.compact(target);
        }
        previous = now;
        return target;
    }

    private void loop(Duration interval) {
        try {
            while (true) {
                Thread.sleep(interval);
                try {
                    tick();
                } catch (StoreClosedException e) {
                    return;
                } catch (StoreException e) {
                    log.warn("compaction failed; trying again in {}", interval, e);
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
