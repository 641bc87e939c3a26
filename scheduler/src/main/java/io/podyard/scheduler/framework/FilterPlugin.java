package io.podyard.scheduler.framework;

/** Decides whether one node can run the pod, and says why not. Must not modify anything. */
public interface FilterPlugin extends Plugin {
    Status filter(CycleState state, PodInfo pod, NodeInfo node);
}
