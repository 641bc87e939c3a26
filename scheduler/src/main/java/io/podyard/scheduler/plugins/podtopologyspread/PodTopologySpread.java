package io.podyard.scheduler.plugins.podtopologyspread;

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
import io.podyard.scheduler.plugins.helper.TopologyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spreads matching pods evenly over topology domains, as Kubernetes' PodTopologySpread:
 * DoNotSchedule constraints reject a node where placing the pod would make its domain's count exceed
 * the smallest domain's by more than maxSkew (the smallest counts as 0 while there are fewer than
 * minDomains domains); ScheduleAnyway constraints score nodes in emptier domains higher.
 */
public final class PodTopologySpread implements EnqueueExtensions, PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    public static final String NAME = "PodTopologySpread";
    static final String MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";
    static final String SKEW = "node(s) didn't match pod topology spread constraints";
    private static final String HOSTNAME = "kubernetes.io/hostname";
    private static final CycleState.Key<FilterState> FILTER = new CycleState.Key<>(NAME + "/filter");
    private static final CycleState.Key<ScoreState> SCORE = new CycleState.Key<>(NAME + "/score");

    /** Per DoNotSchedule constraint: matching pods per domain value. */
    record FilterState(List<Constraint> constraints, List<Map<String, Integer>> counts) {
        int minMatch(int i) {
            Map<String, Integer> domains = counts.get(i);
            if (domains.size() < constraints.get(i).minDomains()) {
                return 0;
            }
            int min = Integer.MAX_VALUE;
            for (int count : domains.values()) {
                min = Math.min(min, count);
            }
            return min == Integer.MAX_VALUE ? 0 : min;
        }
    }

    /** ScheduleAnyway constraints, pods per domain, each constraint's weight, and nodes left unscored. */
    record ScoreState(List<Constraint> constraints, Map<TopologyPair, Long> counts, double[] weights, Set<String> ignored) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> requeueOn() {
        return Set.of(ClusterEvent.NODE_ADDED, ClusterEvent.NODE_LABELS_CHANGED, ClusterEvent.NODE_TAINTS_CHANGED,
                ClusterEvent.ASSIGNED_POD_ADDED, ClusterEvent.ASSIGNED_POD_LABELS_CHANGED, ClusterEvent.ASSIGNED_POD_DELETED);
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
        List<Constraint> constraints = Constraint.of(pod, "DoNotSchedule");
        if (constraints.isEmpty()) {
            return Status.SKIP;
        }
        RequiredNodeAffinity affinity = RequiredNodeAffinity.of(pod.spec());
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            counts.add(new HashMap<>());
        }
        for (NodeInfo node : snapshot.nodes()) {
            if (!Constraint.nodeHasAllKeys(node, constraints)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                if (c.includes(pod, node, affinity)) {
                    counts.get(i).merge(node.labels().get(c.topologyKey()), c.countOn(node, pod.namespace()), Integer::sum);
                }
            }
        }
        state.put(FILTER, new FilterState(constraints, counts));
        return Status.FIT;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState filter = state.get(FILTER);
        for (int i = 0; i < filter.constraints().size(); i++) {
            Constraint c = filter.constraints().get(i);
            String value = node.labels().get(c.topologyKey());
            if (value == null) {
                return Status.unresolvable(MISSING_LABEL);
            }
            int self = c.selector().matches(pod.labels()) ? 1 : 0;
            int skew = filter.counts().get(i).getOrDefault(value, 0) + self - filter.minMatch(i);
            if (skew > c.maxSkew()) {
                return Status.unschedulable(SKEW);
            }
        }
        return Status.FIT;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        List<Constraint> constraints = Constraint.of(pod, "ScheduleAnyway");
        if (constraints.isEmpty()) {
            return Status.SKIP;
        }
        RequiredNodeAffinity affinity = RequiredNodeAffinity.of(pod.spec());
        boolean requireAllTopologies = !affinity.isEmpty();
        Set<String> ignored = new HashSet<>();
        Map<TopologyPair, Long> counts = new HashMap<>();
        int[] domains = new int[constraints.size()];
        for (NodeInfo node : feasible) {
            if (requireAllTopologies && !Constraint.nodeHasAllKeys(node, constraints)) {
                ignored.add(node.name());
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                String key = constraints.get(i).topologyKey();
                String value = node.labels().get(key);
                if (!key.equals(HOSTNAME) && value != null && counts.putIfAbsent(new TopologyPair(key, value), 0L) == null) {
                    domains[i]++;
                }
            }
        }
        double[] weights = new double[constraints.size()];
        for (int i = 0; i < constraints.size(); i++) {
            int size = constraints.get(i).topologyKey().equals(HOSTNAME) ? feasible.size() - ignored.size() : domains[i];
            weights[i] = Math.log(size + 2); // more domains: each pod in one matters less
        }
        for (NodeInfo node : snapshot.nodes()) {
            if (requireAllTopologies && !Constraint.nodeHasAllKeys(node, constraints)) {
                continue;
            }
            for (Constraint c : constraints) {
                String value = node.labels().get(c.topologyKey());
                TopologyPair pair = new TopologyPair(c.topologyKey(), value);
                if (value != null && counts.containsKey(pair) && c.includes(pod, node, affinity)) {
                    counts.merge(pair, (long) c.countOn(node, pod.namespace()), Long::sum);
                }
            }
        }
        state.put(SCORE, new ScoreState(constraints, counts, weights, ignored));
        return Status.FIT;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        ScoreState s = state.get(SCORE);
        if (s.ignored().contains(node.name())) {
            return -1;
        }
        double score = 0;
        for (int i = 0; i < s.constraints().size(); i++) {
            Constraint c = s.constraints().get(i);
            String value = node.labels().get(c.topologyKey());
            if (value == null) {
                continue;
            }
            long count = c.topologyKey().equals(HOSTNAME)
                    ? c.countOn(node, pod.namespace())
                    : s.counts().getOrDefault(new TopologyPair(c.topologyKey(), value), 0L);
            score += count * s.weights()[i] + (c.maxSkew() - 1);
        }
        return Math.round(score);
    }

    /** Fewer matching pods is better: the emptiest node gets 100; ignored nodes get 0. */
    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long score : scores) {
            if (score >= 0) {
                min = Math.min(min, score);
                max = Math.max(max, score);
            }
        }
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] < 0) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = MAX_SCORE;
            } else {
                scores[i] = MAX_SCORE * (max + min - scores[i]) / max;
            }
        }
    }
}
