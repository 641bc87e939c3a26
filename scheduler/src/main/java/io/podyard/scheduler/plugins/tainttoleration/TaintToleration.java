package io.podyard.scheduler.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.podyard.scheduler.framework.ClusterSnapshot;
import io.podyard.scheduler.framework.ClusterEvent;
import io.podyard.scheduler.framework.CycleState;
import io.podyard.scheduler.framework.EnqueueExtensions;
import io.podyard.scheduler.framework.FilterPlugin;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.framework.PreScorePlugin;
import io.podyard.scheduler.framework.ScorePlugin;
import io.podyard.scheduler.framework.Status;
import io.podyard.scheduler.plugins.helper.Scores;
import io.podyard.api.taint.Tolerations;
import java.util.List;
import java.util.Set;

/**
 * Taints repel, tolerations admit. NoSchedule and NoExecute taints the pod does not tolerate rule a
 * node out (NoExecute also evicts running pods; that is the node lifecycle controller's job); each
 * untolerated PreferNoSchedule taint lowers the node's score.
 */
public final class TaintToleration implements EnqueueExtensions, FilterPlugin, PreScorePlugin, ScorePlugin {
    public static final String NAME = "TaintToleration";
    private static final CycleState.Key<List<Toleration>> PREFER = new CycleState.Key<>(NAME + "/preferNoSchedule");

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
        for (Taint taint : node.taints()) {
            String effect = taint.getEffect();
            if (("NoSchedule".equals(effect) || "NoExecute".equals(effect))
                    && !Tolerations.tolerated(taint, pod.tolerations())) {
                return Status.unresolvable("node(s) had untolerated taint " + Tolerations.describe(taint));
            }
        }
        return Status.FIT;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        // Only tolerations that can tolerate a PreferNoSchedule taint matter for the score.
        state.put(PREFER, pod.tolerations().stream()
                .filter(t -> t.getEffect() == null || t.getEffect().isEmpty() || "PreferNoSchedule".equals(t.getEffect()))
                .toList());
        return Status.FIT;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        List<Toleration> tolerations = state.get(PREFER);
        long intolerable = 0;
        for (Taint taint : node.taints()) {
            if ("PreferNoSchedule".equals(taint.getEffect()) && !Tolerations.tolerated(taint, tolerations)) {
                intolerable++;
            }
        }
        return intolerable;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Scores.normalize(scores, true);
    }
}
