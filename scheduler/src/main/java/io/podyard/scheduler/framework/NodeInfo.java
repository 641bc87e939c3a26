package io.podyard.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node and the pods bound or assumed on it, with their requests summed. Immutable: adding or
 * removing a pod gives a new NodeInfo, so a snapshot can share the ones that did not change.
 *
 * @param taints the node's taints plus those its conditions imply (see {@link #effectiveTaints})
 * @param unschedulable cordoned ({@code spec.unschedulable})
 * @param allowedPods the node's allocatable pod count
 */
public record NodeInfo(Node node, String name, Map<String, String> labels, List<Taint> taints,
        boolean unschedulable, Resources allocatable, long allowedPods, List<PodInfo> pods, Resources requested,
        Resources nonZeroRequested, int podsWithAffinity, int podsWithRequiredAntiAffinity) {

    public static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
    public static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
    public static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

    public NodeInfo {
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
        pods = List.copyOf(pods);
    }

    public static NodeInfo of(Node node) {
        Map<String, Quantity> allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
        if (allocatable == null || allocatable.isEmpty()) {
            allocatable = node.getStatus() == null ? null : node.getStatus().getCapacity();
        }
        Quantity pods = allocatable == null ? null : allocatable.get(Resources.PODS);
        return new NodeInfo(node, node.getMetadata().getName(),
                node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels(),
                effectiveTaints(node), node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()),
                Resources.of(allocatable), pods == null ? 0 : Resources.value(pods),
                List.of(), Resources.NONE, Resources.NONE, 0, 0);
    }

    /**
     * The node's taints, plus the ones Kubernetes' node lifecycle controller adds from the Ready
     * condition (TaintNodesByCondition) if they are not there yet: Ready=Unknown → unreachable, Ready
     * False or not reported yet → not-ready (a kubelet registers with that taint), both NoSchedule. So a node that stopped being healthy is avoided
     * at once, before a controller writes the taint.
     */
    static List<Taint> effectiveTaints(Node node) {
        List<Taint> taints = new ArrayList<>(node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of() : node.getSpec().getTaints());
        String ready = readyStatus(node);
        String implied = "True".equals(ready) ? null : "Unknown".equals(ready) ? UNREACHABLE_TAINT : NOT_READY_TAINT;
        if (implied != null && taints.stream().noneMatch(t -> implied.equals(t.getKey()) && "NoSchedule".equals(t.getEffect()))) {
            Taint taint = new Taint();
            taint.setKey(implied);
            taint.setEffect("NoSchedule");
            taints.add(taint);
        }
        return taints;
    }

    private static String readyStatus(Node node) {
        List<NodeCondition> conditions = node.getStatus() == null ? null : node.getStatus().getConditions();
        if (conditions != null) {
            for (NodeCondition condition : conditions) {
                if ("Ready".equals(condition.getType())) {
                    return condition.getStatus();
                }
            }
        }
        return null;
    }

    /** The same pods on an updated Node object. */
    public NodeInfo withNode(Node updated) {
        NodeInfo fresh = of(updated);
        return new NodeInfo(updated, fresh.name, fresh.labels, fresh.taints, fresh.unschedulable, fresh.allocatable,
                fresh.allowedPods,
                pods, requested, nonZeroRequested, podsWithAffinity, podsWithRequiredAntiAffinity);
    }

    public NodeInfo withPod(PodInfo pod) {
        List<PodInfo> more = new ArrayList<>(pods.size() + 1);
        more.addAll(pods);
        more.add(pod);
        return new NodeInfo(node, name, labels, taints, unschedulable, allocatable, allowedPods, more,
                requested.plus(pod.requests()), nonZeroRequested.plus(pod.nonZeroRequests()),
                podsWithAffinity + (pod.hasAffinityTerms() ? 1 : 0),
                podsWithRequiredAntiAffinity + (pod.requiredAntiAffinity().isEmpty() ? 0 : 1));
    }

    /** This node without the pod of that uid; the same object if the pod is not here. */
    public NodeInfo withoutPod(String uid) {
        for (int i = 0; i < pods.size(); i++) {
            PodInfo pod = pods.get(i);
            if (pod.uid().equals(uid)) {
                List<PodInfo> fewer = new ArrayList<>(pods);
                fewer.remove(i);
                return new NodeInfo(node, name, labels, taints, unschedulable, allocatable, allowedPods, fewer,
                        requested.minus(pod.requests()), nonZeroRequested.minus(pod.nonZeroRequests()),
                        podsWithAffinity - (pod.hasAffinityTerms() ? 1 : 0),
                        podsWithRequiredAntiAffinity - (pod.requiredAntiAffinity().isEmpty() ? 0 : 1));
            }
        }
        return this;
    }
}
