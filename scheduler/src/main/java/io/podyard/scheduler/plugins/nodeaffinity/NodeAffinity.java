package io.podyard.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.podyard.scheduler.framework.ClusterSnapshot;
import io.podyard.scheduler.framework.ClusterEvent;
import io.podyard.scheduler.framework.CycleState;
import io.podyard.scheduler.framework.EnqueueExtensions;
import io.podyard.scheduler.framework.FilterPlugin;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.framework.PreFilterPlugin;
import io.podyard.scheduler.framework.PreScorePlugin;
import io.podyard.scheduler.framework.ScorePlugin;
import io.podyard.scheduler.framework.Status;
import io.podyard.scheduler.plugins.helper.RequiredNodeAffinity;
import io.podyard.scheduler.plugins.helper.Scores;
import java.util.List;
import java.util.Set;

/**
 * nodeSelector and node affinity: required terms rule nodes out; each preferred term a node matches
 * adds its weight to the node's score.
 */
public final class NodeAffinity implements EnqueueExtensions, PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    public static final String NAME = "NodeAffinity";
    static final String REASON = "node(s) didn't match Pod's node affinity/selector";
    private static final CycleState.Key<RequiredNodeAffinity> REQUIRED = new CycleState.Key<>(NAME + "/required");
    private static final CycleState.Key<List<PreferredSchedulingTerm>> PREFERRED = new CycleState.Key<>(NAME + "/preferred");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> requeueOn() {
        return Set.of(ClusterEvent.NODE_ADDED, ClusterEvent.NODE_LABELS_CHANGED);
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
        RequiredNodeAffinity required = RequiredNodeAffinity.of(pod.spec());
        if (required.isEmpty()) {
            return Status.SKIP;
        }
        state.put(REQUIRED, required);
        return Status.FIT;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return state.get(REQUIRED).matches(node) ? Status.FIT : Status.unresolvable(REASON);
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        Affinity affinity = pod.spec().getAffinity();
        List<PreferredSchedulingTerm> preferred = affinity == null || affinity.getNodeAffinity() == null
                ? null : affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        if (preferred == null || preferred.isEmpty()) {
            return Status.SKIP;
        }
        state.put(PREFERRED, preferred);
        return Status.FIT;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long score = 0;
        for (PreferredSchedulingTerm term : state.get(PREFERRED)) {
            if (term.getWeight() != null && term.getWeight() != 0 && term.getPreference() != null
                    && RequiredNodeAffinity.termMatches(term.getPreference(), node)) {
                score += term.getWeight();
            }
        }
        return score;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Scores.normalize(scores, false);
    }
}
