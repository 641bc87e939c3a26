package io.podyard.store;

/**
 * Receives a watch's stream. Calls come from one thread at a time, in order; a listener should not
 * block for long, since events queue up behind it (a watcher that falls too far behind is closed).
 */
public interface WatchListener {

    /** The next change, in strict revision order. */
    void onEvent(WatchEvent event);

    /**
     * Every change up to {@code revision} has been delivered: a bookmark to resume from. Sent
     * periodically while the watch is idle and on {@link Watch#requestProgress()}.
     */
    default void onProgress(long revision) {}

    /**
     * The watch ended; no more calls follow. {@code cause} is null when it was closed by its owner,
     * a {@link CompactedException} when the history it needed is gone, or another
     * {@link StoreException} when the store closed or the watcher fell behind.
     */
    void onClosed(StoreException cause);
}
