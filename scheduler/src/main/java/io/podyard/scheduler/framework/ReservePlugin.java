package io.podyard.scheduler.framework;

/**
 * Claims what a chosen node gives the pod before the bind is confirmed (the assume cache is one), and
 * gives it back if a later step fails.
 */
public interface ReservePlugin extends Plugin {
    Status reserve(PodInfo pod, String nodeName);

    void unreserve(PodInfo pod, String nodeName);
}
