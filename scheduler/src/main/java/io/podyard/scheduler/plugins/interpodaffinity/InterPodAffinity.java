package io.podyard.scheduler.plugins.interpodaffinity;

import io.podyard.scheduler.framework.AffinityTerm;
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
import io.podyard.scheduler.plugins.helper.TopologyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod affinity and anti-affinity over topology domains (any node label: hostname, zone, ...), as
 * Kubernetes' InterPodAffinity. Filtering honours the incoming pod's required terms and the required
 * anti-affinity of pods already placed; scoring adds and subtracts the weights of preferred terms in
 * both directions, plus the existing pods' required affinity at weight 1 (hardPodAffinityWeight).
 */
public final class InterPodAffinity implements EnqueueExtensions, PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    public static final String NAME = "InterPodAffinity";
    static final String AFFINITY_REASON = "node(s) didn't match pod affinity rules";
    static final String ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
    static final String EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";
    private static final int HARD_POD_AFFINITY_WEIGHT = 1;
    private static final CycleState.Key<Counts> COUNTS = new CycleState.Key<>(NAME + "/counts");
    private static final CycleState.Key<Boolean> SELF_MATCH = new CycleState.Key<>(NAME + "/selfMatch");
    private static final CycleState.Key<Map<TopologyPair, Long>> SCORES = new CycleState.Key<>(NAME + "/scores");

    /** Matching pods per topology domain, computed once per attempt. */
    record Counts(Map<TopologyPair, Integer> existingAntiAffinity, Map<TopologyPair, Integer> affinity,
            Map<TopologyPair, Integer> antiAffinity) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> requeueOn() {
        return Set.of(ClusterEvent.NODE_ADDED, ClusterEvent.NODE_LABELS_CHANGED, ClusterEvent.ASSIGNED_POD_ADDED,
                ClusterEvent.ASSIGNED_POD_LABELS_CHANGED, ClusterEvent.ASSIGNED_POD_DELETED, ClusterEvent.NAMESPACE_CHANGED);
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
        if (pod.requiredAffinity().isEmpty() && pod.requiredAntiAffinity().isEmpty()
                && !snapshot.hasPodsWithRequiredAntiAffinity()) {
            return Status.SKIP;
        }
        Map<String, String> ownNamespaceLabels = snapshot.namespaceLabels(pod.namespace());
        Counts counts = new Counts(new HashMap<>(), new HashMap<>(), new HashMap<>());
        for (NodeInfo node : snapshot.nodes()) {
            for (PodInfo existing : node.pods()) {
                if (!existing.requiredAntiAffinity().isEmpty()) {
                    for (AffinityTerm term : existing.requiredAntiAffinity()) {
                        if (term.matches(pod, ownNamespaceLabels)) {
                            add(counts.existingAntiAffinity(), node, term.topologyKey(), 1);
                        }
                    }
                }
                Map<String, String> existingNamespaceLabels = snapshot.namespaceLabels(existing.namespace());
                if (!pod.requiredAffinity().isEmpty() && matchesAll(pod.requiredAffinity(), existing, existingNamespaceLabels)) {
                    for (AffinityTerm term : pod.requiredAffinity()) {
                        add(counts.affinity(), node, term.topologyKey(), 1);
                    }
                }
                for (AffinityTerm term : pod.requiredAntiAffinity()) {
                    if (term.matches(existing, existingNamespaceLabels)) {
                        add(counts.antiAffinity(), node, term.topologyKey(), 1);
                    }
                }
            }
        }
        state.put(COUNTS, counts);
        // The rule for a first pod: affinity to pods like itself is satisfiable when none exist yet.
        state.put(SELF_MATCH, matchesAll(pod.requiredAffinity(), pod, ownNamespaceLabels));
        return Status.FIT;
    }

    private static boolean matchesAll(List<AffinityTerm> terms, PodInfo target, Map<String, String> namespaceLabels) {
        for (AffinityTerm term : terms) {
            if (!term.matches(target, namespaceLabels)) {
                return false;
            }
        }
        return true;
    }

    private static void add(Map<TopologyPair, Integer> counts, NodeInfo node, String key, int amount) {
        String value = node.labels().get(key);
        if (value != null) {
            counts.merge(new TopologyPair(key, value), amount, Integer::sum);
        }
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Counts counts = state.get(COUNTS);
        if (!satisfiesAffinity(state, counts, pod, node)) {
            return Status.unresolvable(AFFINITY_REASON);
        }
        for (AffinityTerm term : pod.requiredAntiAffinity()) {
            String value = node.labels().get(term.topologyKey());
            if (value != null && counts.antiAffinity().getOrDefault(new TopologyPair(term.topologyKey(), value), 0) > 0) {
                return Status.unschedulable(ANTI_AFFINITY_REASON);
            }
        }
        if (!counts.existingAntiAffinity().isEmpty()) {
            for (Map.Entry<String, String> label : node.labels().entrySet()) {
                if (counts.existingAntiAffinity().getOrDefault(new TopologyPair(label.getKey(), label.getValue()), 0) > 0) {
                    return Status.unschedulable(EXISTING_ANTI_AFFINITY_REASON);
                }
            }
        }
        return Status.FIT;
    }

    private static boolean satisfiesAffinity(CycleState state, Counts counts, PodInfo pod, NodeInfo node) {
        boolean podsExist = true;
        for (AffinityTerm term : pod.requiredAffinity()) {
            String value = node.labels().get(term.topologyKey());
            if (value == null) {
                return false; // every topology key must be a label of the node
            }
            if (counts.affinity().getOrDefault(new TopologyPair(term.topologyKey(), value), 0) <= 0) {
                podsExist = false;
            }
        }
        return podsExist || counts.affinity().isEmpty() && state.get(SELF_MATCH);
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        boolean hasPreferences = !pod.preferredAffinity().isEmpty() || !pod.preferredAntiAffinity().isEmpty();
        if (!hasPreferences && !snapshot.hasPodsWithAffinity()) {
            return Status.SKIP;
        }
        Map<String, String> ownNamespaceLabels = snapshot.namespaceLabels(pod.namespace());
        Map<TopologyPair, Long> scores = new HashMap<>();
        for (NodeInfo node : snapshot.nodes()) {
            if (!hasPreferences && node.podsWithAffinity() == 0 || node.labels().isEmpty()) {
                continue;
            }
            for (PodInfo existing : node.pods()) {
                if (!hasPreferences && !existing.hasAffinityTerms()) {
                    continue;
                }
                Map<String, String> existingNamespaceLabels = snapshot.namespaceLabels(existing.namespace());
                process(scores, pod.preferredAffinity(), existing, existingNamespaceLabels, node, 1, 1);
                process(scores, pod.preferredAntiAffinity(), existing, existingNamespaceLabels, node, 1, -1);
                process(scores, existing.requiredAffinity(), pod, ownNamespaceLabels, node, HARD_POD_AFFINITY_WEIGHT, 1);
                process(scores, existing.preferredAffinity(), pod, ownNamespaceLabels, node, 1, 1);
                process(scores, existing.preferredAntiAffinity(), pod, ownNamespaceLabels, node, 1, -1);
            }
        }
        if (scores.isEmpty()) {
            return Status.SKIP;
        }
        state.put(SCORES, scores);
        return Status.FIT;
    }

    /**
     * For each term that selects {@code target}, adds the term's weight (× {@code weightScale} for
     * required terms, whose weight is 1) × {@code sign} to the domain of {@code node}.
     */
    private static void process(Map<TopologyPair, Long> scores, List<AffinityTerm> terms, PodInfo target,
            Map<String, String> namespaceLabels, NodeInfo node, int weightScale, int sign) {
        for (AffinityTerm term : terms) {
            if (term.matches(target, namespaceLabels)) {
                String value = node.labels().get(term.topologyKey());
                if (value != null) {
                    scores.merge(new TopologyPair(term.topologyKey(), value), (long) term.weight() * weightScale * sign, Long::sum);
                }
            }
        }
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long score = 0;
        for (Map.Entry<TopologyPair, Long> domain : state.get(SCORES).entrySet()) {
            if (domain.getKey().value().equals(node.labels().get(domain.getKey().key()))) {
                score += domain.getValue();
            }
        }
        return score;
    }

    /** Min-max scaling: the lowest raw score becomes 0, the highest 100. */
    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long score : scores) {
            min = Math.min(min, score);
            max = Math.max(max, score);
        }
        long spread = max - min;
        for (int i = 0; i < scores.length; i++) {
            scores[i] = spread > 0 ? (long) (MAX_SCORE * ((double) (scores[i] - min) / spread)) : 0;
        }
    }
}
