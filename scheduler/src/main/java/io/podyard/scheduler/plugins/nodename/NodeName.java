package io.podyard.scheduler.plugins.nodename;

import io.podyard.scheduler.framework.ClusterEvent;
import io.podyard.scheduler.framework.CycleState;
import io.podyard.scheduler.framework.EnqueueExtensions;
import io.podyard.scheduler.framework.FilterPlugin;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.framework.Status;
import java.util.Set;

/** A pod that names its node fits only there (the loop never schedules such pods; explain does). */
public final class NodeName implements EnqueueExtensions, FilterPlugin {
    public static final String NAME = "NodeName";
    static final String REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> requeueOn() {
        return Set.of(ClusterEvent.NODE_ADDED);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        String wanted = pod.spec().getNodeName();
        return wanted == null || wanted.isEmpty() || wanted.equals(node.name()) ? Status.FIT : Status.unresolvable(REASON);
    }
}
