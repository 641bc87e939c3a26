package io.podyard.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.podyard.api.selector.LabelSelector;
import io.podyard.api.selector.SelectorException;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.plugins.helper.RequiredNodeAffinity;
import io.podyard.api.taint.Tolerations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One topology spread constraint, parsed: the selector (with matchLabelKeys folded in from the pod's
 * own labels), and which nodes count as domains (nodeAffinityPolicy Honor and nodeTaintsPolicy Ignore
 * by default, as Kubernetes).
 */
record Constraint(int maxSkew, String topologyKey, LabelSelector selector, int minDomains,
        boolean honorNodeAffinity, boolean honorTaints) {

    static List<Constraint> of(PodInfo pod, String whenUnsatisfiable) {
        List<TopologySpreadConstraint> all = pod.spec().getTopologySpreadConstraints();
        if (all == null) {
            return List.of();
        }
        List<Constraint> constraints = new ArrayList<>();
        for (TopologySpreadConstraint c : all) {
            if (!whenUnsatisfiable.equals(c.getWhenUnsatisfiable())) {
                continue;
            }
            constraints.add(new Constraint(c.getMaxSkew() == null ? 1 : c.getMaxSkew(), c.getTopologyKey(),
                    selector(c, pod.labels()), c.getMinDomains() == null ? 1 : c.getMinDomains(),
                    !"Ignore".equals(c.getNodeAffinityPolicy()), "Honor".equals(c.getNodeTaintsPolicy())));
        }
        return constraints;
    }

    private static LabelSelector selector(TopologySpreadConstraint c, Map<String, String> podLabels) {
        io.fabric8.kubernetes.api.model.LabelSelector given = c.getLabelSelector();
        if (given == null) {
            return LabelSelector.from(null);
        }
        io.fabric8.kubernetes.api.model.LabelSelector merged = new io.fabric8.kubernetes.api.model.LabelSelector(
                given.getMatchExpressions() == null ? new ArrayList<>() : new ArrayList<>(given.getMatchExpressions()),
                given.getMatchLabels());
        // matchLabelKeys: the pod's own value of each key joins the selector, so spreading is per revision.
        if (c.getMatchLabelKeys() != null) {
            for (String key : c.getMatchLabelKeys()) {
                String value = podLabels.get(key);
                if (value != null) {
                    merged.getMatchExpressions().add(new LabelSelectorRequirement(key, "In", List.of(value)));
                }
            }
        }
        try {
            return LabelSelector.from(merged);
        } catch (SelectorException e) {
            return LabelSelector.from(null);
        }
    }

    /** Whether a node is a domain member for this constraint at all, per the inclusion policies. */
    boolean includes(PodInfo pod, NodeInfo node, RequiredNodeAffinity affinity) {
        if (honorNodeAffinity && !affinity.matches(node)) {
            return false;
        }
        if (honorTaints) {
            for (Taint taint : node.taints()) {
                if (("NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect()))
                        && !Tolerations.tolerated(taint, pod.tolerations())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Pods on a node that this constraint counts: same namespace, selected, not terminating. */
    int countOn(NodeInfo node, String namespace) {
        int count = 0;
        for (PodInfo existing : node.pods()) {
            if (existing.namespace().equals(namespace) && !existing.terminating() && selector.matches(existing.labels())) {
                count++;
            }
        }
        return count;
    }

    static boolean nodeHasAllKeys(NodeInfo node, List<Constraint> constraints) {
        for (Constraint c : constraints) {
            if (!node.labels().containsKey(c.topologyKey())) {
                return false;
            }
        }
        return true;
    }
}
