package io.podyard.store.internal;

import io.podyard.store.StoreException;
import io.podyard.store.StoreUnavailableException;
import io.podyard.store.WatchEvent;
import io.podyard.store.WatchListener;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one watch's stream to its listener on a virtual thread of its own, so a backend never
 * blocks on a listener and a listener never sees two calls at once. Events are delivered in the
 * order offered; once the channel ends, pending events are dropped and {@link WatchListener#onClosed}
 * is called exactly once.
 */
public final class WatchChannel {
    private static final Logger log = LoggerFactory.getLogger(WatchChannel.class);

    private sealed interface Item {}

    private record EventItem(WatchEvent event) implements Item {}

    private record ProgressItem(long revision) implements Item {}

    private record EndItem(StoreException cause) implements Item {}

    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pendingEvents = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final WatchListener listener;
    private final int limit;
    private final Runnable onEnd;

    /**
     * @param limit undelivered events allowed before the watcher is closed as too slow
     * @param onEnd called once when the channel ends for any reason, so the backend stops feeding it
     */
    public WatchChannel(String name, WatchListener listener, int limit, Runnable onEnd) {
        this.listener = listener;
        this.limit = limit;
        this.onEnd = onEnd;
        Thread.ofVirtual().name("watch " + name).start(this::deliver);
    }

    public void offer(WatchEvent event) {
        if (ended.get()) {
            return;
        }
        if (pendingEvents.incrementAndGet() > limit) {
            end(new StoreUnavailableException("watcher fell behind: more than " + limit
                    + " events undelivered; watch again from the last revision seen"));
            return;
        }
        queue.add(new EventItem(event));
    }

    public void offerProgress(long revision) {
        if (!ended.get()) {
            queue.add(new ProgressItem(revision));
        }
    }

    /** Ends the stream: {@code cause} null for a close by the owner, else why it ended. */
    public void end(StoreException cause) {
        if (ended.compareAndSet(false, true)) {
            queue.add(new EndItem(cause));
            onEnd.run();
        }
    }

    public boolean isEnded() {
        return ended.get();
    }

    private void deliver() {
        try {
            while (true) {
                Item item = queue.take();
                switch (item) {
                    case EventItem(WatchEvent event) -> {
                        pendingEvents.decrementAndGet();
                        if (!ended.get()) {
                            listener.onEvent(event);
                        }
                    }
                    case ProgressItem(long revision) -> {
                        if (!ended.get()) {
                            listener.onProgress(revision);
                        }
                    }
                    case EndItem(StoreException cause) -> {
                        listener.onClosed(cause);
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("watch listener failed; closing the watch", e);
            if (ended.compareAndSet(false, true)) {
                onEnd.run();
                listener.onClosed(new StoreUnavailableException("watch listener failed: " + e, e));
            }
        }
    }
}
