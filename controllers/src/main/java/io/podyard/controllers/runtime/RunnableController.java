package io.podyard.controllers.runtime;

/**
 * One controller as the manager runs it: built (handlers registered) before the informers start,
 * started once they have synced, closed when leadership ends or the manager stops.
 */
public interface RunnableController extends AutoCloseable {
    String name();

    void start();

    @Override
    void close();
}
