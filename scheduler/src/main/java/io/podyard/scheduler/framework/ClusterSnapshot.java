package io.podyard.scheduler.framework;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as one scheduling attempt sees it: every node with the pods bound or assumed on it, and
 * the labels of every namespace (for namespace selectors in affinity terms). Immutable; the scheduler's
 * cache hands out a new one per attempt that shares the NodeInfos that did not change.
 */
public final class ClusterSnapshot {
    private final List<NodeInfo> nodes;
    private final Map<String, Integer> index;
    private final Map<String, Map<String, String>> namespaceLabels;
    private final int podsWithAffinity;
    private final int podsWithRequiredAntiAffinity;

    /**
     * @param nodes taken as is (the caller hands over a fresh array)
     * @param index node name to position in {@code nodes}; shared, never modified
     * @param podsWithAffinity pods on these nodes with any (anti-)affinity term, so affinity plugins can
     *     skip walking every node when there are none
     * @param podsWithRequiredAntiAffinity of those, the ones with required anti-affinity
     */
    public ClusterSnapshot(NodeInfo[] nodes, Map<String, Integer> index, Map<String, Map<String, String>> namespaceLabels,
            int podsWithAffinity, int podsWithRequiredAntiAffinity) {
        this.nodes = Collections.unmodifiableList(Arrays.asList(nodes));
        this.index = index;
        this.namespaceLabels = namespaceLabels;
        this.podsWithAffinity = podsWithAffinity;
        this.podsWithRequiredAntiAffinity = podsWithRequiredAntiAffinity;
    }

    /** Builds a snapshot from API objects: pods with a nodeName land on that node, others are left out. */
    public static ClusterSnapshot of(List<Node> nodes, List<Pod> pods, List<Namespace> namespaces) {
        Map<String, NodeInfo> infos = new LinkedHashMap<>();
        for (Node node : nodes) {
            infos.put(node.getMetadata().getName(), NodeInfo.of(node));
        }
        for (Pod pod : pods) {
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (nodeName != null && infos.containsKey(nodeName) && !terminal(pod)) {
                infos.put(nodeName, infos.get(nodeName).withPod(PodInfo.of(pod)));
            }
        }
        Map<String, Map<String, String>> labels = new HashMap<>();
        for (Namespace namespace : namespaces) {
            labels.put(namespace.getMetadata().getName(),
                    namespace.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(namespace.getMetadata().getLabels()));
        }
        NodeInfo[] array = infos.values().toArray(NodeInfo[]::new);
        Map<String, Integer> index = new HashMap<>();
        int withAffinity = 0;
        int withAntiAffinity = 0;
        for (int i = 0; i < array.length; i++) {
            index.put(array[i].name(), i);
            withAffinity += array[i].podsWithAffinity();
            withAntiAffinity += array[i].podsWithRequiredAntiAffinity();
        }
        return new ClusterSnapshot(array, index, labels, withAffinity, withAntiAffinity);
    }

    /** Succeeded and Failed pods hold nothing on their node. */
    public static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    public List<NodeInfo> nodes() {
        return nodes;
    }

    public boolean hasPodsWithAffinity() {
        return podsWithAffinity > 0;
    }

    public boolean hasPodsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinity > 0;
    }

    /** @return null if there is no such node */
    public NodeInfo node(String name) {
        Integer at = index.get(name);
        return at == null ? null : nodes.get(at);
    }

    /** The labels of a namespace; empty for one the snapshot does not know. */
    public Map<String, String> namespaceLabels(String namespace) {
        return namespaceLabels.getOrDefault(namespace, Map.of());
    }
}
