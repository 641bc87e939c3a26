package io.podyard.scheduler.framework;

/** Runs once per scheduling attempt, before any node is looked at: precomputes what filters read. */
public interface PreFilterPlugin extends Plugin {
    /**
     * @return {@link Status#FIT} to go on, {@link Status#SKIP} when this plugin's filter has nothing to
     *     check for the pod, or a failure that rejects every node at once
     */
    Status preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot);
}
