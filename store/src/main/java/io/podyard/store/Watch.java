package io.podyard.store;

/** A running watch. Closing it stops delivery and calls {@link WatchListener#onClosed} with null. */
public interface Watch extends AutoCloseable {

    /** Asks for an {@link WatchListener#onProgress} bookmark after the events already delivered. */
    void requestProgress();

    @Override
    void close();
}
