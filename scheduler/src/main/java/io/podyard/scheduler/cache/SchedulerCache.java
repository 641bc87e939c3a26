package io.podyard.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.podyard.scheduler.framework.ClusterSnapshot;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * What the scheduler believes is on each node: the pods the API server says are bound, plus the
 * pods this scheduler has assumed (placed in memory, binding in flight), so a placement counts at
 * once rather than when the watch confirms it. A failed bind forgets the assumed pod.
 *
 * <p>Thread-safe. NodeInfos are immutable, so {@link #snapshot} copies only an array of references.
 */
public final class SchedulerCache {
    /** Where a pod sits and whether it is only assumed. */
    private record Placement(String node, PodInfo pod, boolean assumed) {
    }

    private final Map<String, Placement> pods = new HashMap<>();
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    /** Pods seen on a node the cache does not know (yet): they are added when the node arrives. */
    private final Map<String, Map<String, PodInfo>> orphans = new HashMap<>();
    private Map<String, Map<String, String>> namespaceLabels = Map.of();
    private NodeInfo[] order = new NodeInfo[0];
    /** Node name → position in {@link #order}; copied for snapshots only after it changed. */
    private final Map<String, Integer> index = new HashMap<>();
    private Map<String, Integer> sharedIndex = Map.of();
    private boolean indexChanged;
    private int podsWithAffinity;
    private int podsWithRequiredAntiAffinity;

    public synchronized void putNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo current = nodes.get(name);
        NodeInfo updated;
        if (current == null) {
            updated = NodeInfo.of(node);
            Map<String, PodInfo> waiting = orphans.remove(name);
            if (waiting != null) {
                for (PodInfo pod : waiting.values()) {
                    updated = updated.withPod(pod);
                }
            }
            nodes.put(name, updated);
            append(updated);
            account(null, updated);
        } else {
            nodes.put(name, current.withNode(node));
            order[index.get(name)] = nodes.get(name);
        }
    }

    public synchronized void removeNode(String name) {
        NodeInfo removed = nodes.remove(name);
        if (removed != null) {
            account(removed, null);
            reindex();
        }
        // Pods still bound to a deleted node keep no resources anywhere; the node lifecycle controller deletes them.
        pods.values().removeIf(p -> p.node().equals(name));
        orphans.remove(name);
    }

    /**
     * A pod the API server reports bound to a node (and not finished). Confirms an assumed pod: the
     * stored object replaces the assumed one.
     */
    public synchronized void putBoundPod(PodInfo pod, String node) {
        removePod(pod.uid());
        pods.put(pod.uid(), new Placement(node, pod, false));
        place(pod, node);
    }

    /** A bound pod was deleted or finished: its node gets its resources back. */
    public synchronized void removePod(String uid) {
        Placement placement = pods.remove(uid);
        if (placement == null) {
            return;
        }
        NodeInfo node = nodes.get(placement.node());
        if (node != null) {
            replace(node.withoutPod(uid));
        } else {
            Map<String, PodInfo> waiting = orphans.get(placement.node());
            if (waiting != null) {
                waiting.remove(uid);
            }
        }
    }

    /** Places a pod in memory before its binding is confirmed. */
    public synchronized void assume(PodInfo pod, String node) {
        removePod(pod.uid());
        pods.put(pod.uid(), new Placement(node, pod, true));
        place(pod, node);
    }

    /** The bind failed: gives back what the assumed pod held. A confirmed pod is left alone. */
    public synchronized void forget(String uid) {
        Placement placement = pods.get(uid);
        if (placement != null && placement.assumed()) {
            removePod(uid);
        }
    }

    public synchronized boolean isAssumed(String uid) {
        Placement placement = pods.get(uid);
        return placement != null && placement.assumed();
    }

    public synchronized void setNamespaceLabels(String namespace, Map<String, String> labels) {
        Map<String, Map<String, String>> copy = new HashMap<>(namespaceLabels);
        if (labels == null) {
            copy.remove(namespace);
        } else {
            copy.put(namespace, Map.copyOf(labels));
        }
        namespaceLabels = Map.copyOf(copy);
    }

    public synchronized ClusterSnapshot snapshot() {
        if (indexChanged) {
            sharedIndex = Map.copyOf(index);
            indexChanged = false;
        }
        return new ClusterSnapshot(order.clone(), sharedIndex, namespaceLabels, podsWithAffinity, podsWithRequiredAntiAffinity);
    }

    public synchronized int nodeCount() {
        return nodes.size();
    }

    private void place(PodInfo pod, String node) {
        NodeInfo info = nodes.get(node);
        if (info != null) {
            replace(info.withPod(pod));
        } else {
            orphans.computeIfAbsent(node, n -> new HashMap<>()).put(pod.uid(), pod);
        }
    }

    private void replace(NodeInfo info) {
        account(nodes.put(info.name(), info), info);
        order[index.get(info.name())] = info;
    }

    /** Keeps the cluster-wide affinity counts in step as a node's pods change. */
    private void account(NodeInfo before, NodeInfo after) {
        if (before != null) {
            podsWithAffinity -= before.podsWithAffinity();
            podsWithRequiredAntiAffinity -= before.podsWithRequiredAntiAffinity();
        }
        if (after != null) {
            podsWithAffinity += after.podsWithAffinity();
            podsWithRequiredAntiAffinity += after.podsWithRequiredAntiAffinity();
        }
    }

    /** A new node goes last; snapshots taken before keep their own array and index. */
    private void append(NodeInfo info) {
        NodeInfo[] grown = java.util.Arrays.copyOf(order, order.length + 1);
        grown[order.length] = info;
        index.put(info.name(), order.length);
        indexChanged = true;
        order = grown;
    }

    /** A node left: a new order and index over the remaining ones. */
    private void reindex() {
        NodeInfo[] fresh = java.util.Arrays.stream(order).filter(n -> nodes.containsKey(n.name())).toArray(NodeInfo[]::new);
        index.clear();
        for (int i = 0; i < fresh.length; i++) {
            index.put(fresh[i].name(), i);
        }
        indexChanged = true;
        order = fresh;
    }
}
