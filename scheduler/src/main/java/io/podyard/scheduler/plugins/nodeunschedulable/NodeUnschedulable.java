package io.podyard.scheduler.plugins.nodeunschedulable;

import io.fabric8.kubernetes.api.model.Taint;
import io.podyard.scheduler.framework.ClusterEvent;
import io.podyard.scheduler.framework.CycleState;
import io.podyard.scheduler.framework.EnqueueExtensions;
import io.podyard.scheduler.framework.FilterPlugin;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.framework.Status;
import io.podyard.api.taint.Tolerations;
import java.util.Set;

/**
 * A cordoned node ({@code spec.unschedulable}) takes no new pods, unless the pod tolerates the
 * {@code node.kubernetes.io/unschedulable:NoSchedule} taint (as DaemonSet pods do).
 */
public final class NodeUnschedulable implements EnqueueExtensions, FilterPlugin {
    public static final String NAME = "NodeUnschedulable";
    static final String REASON = "node(s) were unschedulable";
    private static final Taint CORDON = cordon();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> requeueOn() {
        return Set.of(ClusterEvent.NODE_ADDED, ClusterEvent.NODE_TAINTS_CHANGED);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (!node.unschedulable() || Tolerations.tolerated(CORDON, pod.tolerations())) {
            return Status.FIT;
        }
        return Status.unresolvable(REASON);
    }

    private static Taint cordon() {
        Taint taint = new Taint();
        taint.setKey(NodeInfo.UNSCHEDULABLE_TAINT);
        taint.setEffect("NoSchedule");
        return taint;
    }
}
