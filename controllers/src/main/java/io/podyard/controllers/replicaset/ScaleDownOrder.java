package io.podyard.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.controllers.pods.Pods;
import io.podyard.client.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods a scale-down deletes first, as Kubernetes' ActivePodsWithRanks orders them: unscheduled
 * before scheduled; Pending before Unknown before Running; not ready before ready; lower
 * {@value #DELETION_COST} first; pods doubled up on a node (with related pods) before lone ones;
 * ready for less time before longer; more restarts before fewer; newer before older.
 */
public final class ScaleDownOrder {
    /** The annotation users set to steer scale-down (an int32; higher is deleted later). */
    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private ScaleDownOrder() {}

    /**
     * The {@code count} pods of {@code owned} to delete first.
     *
     * @param related pods of this controller and of its siblings (ReplicaSets of the same
     *     Deployment), used to rank pods by how many related pods share their node
     */
    public static List<Pod> select(List<Pod> owned, List<Pod> related, int count) {
        if (count >= owned.size()) {
            return List.copyOf(owned);
        }
        Map<String, Integer> onNode = new HashMap<>();
        for (Pod pod : related) {
            if (Pods.isActive(pod)) {
                onNode.merge(Pods.nodeName(pod), 1, Integer::sum);
            }
        }
        List<Pod> sorted = new ArrayList<>(owned);
        sorted.sort(comparator(pod -> onNode.getOrDefault(Pods.nodeName(pod), 0)));
        return List.copyOf(sorted.subList(0, count));
    }

    /** Kubernetes' order; {@code rank} is the number of related pods on the pod's node. */
    static Comparator<Pod> comparator(java.util.function.ToIntFunction<Pod> rank) {
        return Comparator.<Pod, Boolean>comparing(p -> !Pods.nodeName(p).isEmpty())
                .thenComparingInt(p -> phaseOrdinal(Pods.phase(p)))
                .thenComparing(Pods::isReady)
                .thenComparingInt(ScaleDownOrder::deletionCost)
                .thenComparing(Comparator.comparingInt(rank).reversed())
                .thenComparing(ScaleDownOrder::readyTimeOrder)
                .thenComparing(Comparator.comparingInt(Pods::maxRestarts).reversed())
                .thenComparing(ScaleDownOrder::newerFirst);
    }

    private static int phaseOrdinal(String phase) {
        return switch (phase) {
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0; // Pending, and anything else, as Kubernetes' map default
        };
    }

    /** A missing or malformed annotation counts as 0, as Kubernetes reads it. */
    static int deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(DELETION_COST);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Among two ready pods, the one ready for less time (or with no time) first. */
    private static int readyTimeOrder(Pod a, Pod b) {
        if (!Pods.isReady(a) || !Pods.isReady(b)) {
            return 0;
        }
        return afterOrZeroFirst(Pods.readySince(a).orElse(null), Pods.readySince(b).orElse(null));
    }

    private static int newerFirst(Pod a, Pod b) {
        return afterOrZeroFirst(Timestamps.parse(a.getMetadata().getCreationTimestamp()),
                Timestamps.parse(b.getMetadata().getCreationTimestamp()));
    }

    /** Kubernetes' afterOrZero: a missing time first, then the later time first. */
    private static int afterOrZeroFirst(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == null && b == null ? 0 : a == null ? -1 : 1;
        }
        return b.compareTo(a);
    }
}
