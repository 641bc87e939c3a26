package io.podyard.scheduler.framework;

import java.util.List;

/** Runs once per attempt over the nodes that passed every filter, before scoring them. */
public interface PreScorePlugin extends Plugin {
    /** @return {@link Status#SKIP} when this plugin's score has nothing to say for the pod */
    Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot);
}
