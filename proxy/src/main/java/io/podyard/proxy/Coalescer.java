package io.podyard.proxy;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sync on its own virtual thread whenever {@link #poke()} was called since the last run
 * started: pokes during a run fold into the one run after it, so the sync never queues up behind a
 * burst and never misses the last change. A failed run is retried after a pause.
 */
public final class Coalescer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coalescer.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Object lock = new Object();
    private final Runnable sync;
    private final Thread thread;
    private final Consumer<RuntimeException> onFailure;
    private boolean dirty;
    private boolean closed;

    public Coalescer(String name, Runnable sync) {
        this(name, sync, e -> LOG.warn("{} failed; retrying in {}", name, RETRY, e));
    }

    Coalescer(String name, Runnable sync, Consumer<RuntimeException> onFailure) {
        this.sync = sync;
        this.onFailure = onFailure;
        this.thread = Thread.ofVirtual().name(name).start(this::loop);
    }

    public void poke() {
        synchronized (lock) {
            dirty = true;
            lock.notifyAll();
        }
    }

    private void loop() {
        while (true) {
            synchronized (lock) {
                while (!dirty && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                dirty = false;
            }
            try {
                sync.run();
            } catch (RuntimeException e) {
                onFailure.accept(e);
                synchronized (lock) {
                    dirty = true;
                    try {
                        lock.wait(RETRY.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    /** Stops after the run in progress, if any. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
