package io.podyard.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.podyard.client.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The taints the node lifecycle controller owns, as Kubernetes computes them. NoSchedule taints
 * follow the node's conditions at once (TaintNodesByCondition): new pods avoid a sick node. NoExecute
 * taints ({@code not-ready}, {@code unreachable}) evict pods, so adding one to a healthy-then-sick node
 * goes through the rate-limited queue; swapping one for the other, or removing both on recovery,
 * happens at once. Pure.
 */
final class NodeTaints {
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    static final String NO_SCHEDULE = "NoSchedule";
    static final String NO_EXECUTE = "NoExecute";

    /** Condition type → (status → the NoSchedule taint it implies). */
    private static final Map<String, Map<String, String>> CONDITION_TAINTS = Map.of(
            "Ready", Map.of("False", NOT_READY, "Unknown", UNREACHABLE),
            "MemoryPressure", Map.of("True", "node.kubernetes.io/memory-pressure"),
            "DiskPressure", Map.of("True", "node.kubernetes.io/disk-pressure"),
            "NetworkUnavailable", Map.of("True", "node.kubernetes.io/network-unavailable"),
            "PIDPressure", Map.of("True", "node.kubernetes.io/pid-pressure"));

    private static final Set<String> CONDITION_TAINT_KEYS = CONDITION_TAINTS.values().stream()
            .flatMap(m -> m.values().stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private NodeTaints() {}

    /** What the NoExecute pass should do about a node. */
    sealed interface NoExecuteStep {
        /** Nothing: the node has the NoExecute taint its Ready condition calls for (or none is called for). */
        record Keep() implements NoExecuteStep {}

        /** Ready=True: remove both controller NoExecute taints now. */
        record Remove() implements NoExecuteStep {}

        /** The node has the other controller NoExecute taint: replace it by {@code key} now. */
        record Swap(String key) implements NoExecuteStep {}

        /** The node needs the NoExecute taint {@code key}: queue it for the rate-limited tainter. */
        record Queue(String key) implements NoExecuteStep {}
    }

    /**
     * The node's taints with the condition-driven NoSchedule ones as its conditions and
     * {@code spec.unschedulable} say; every other taint is kept as it is, in order.
     */
    static List<Taint> withConditionTaints(Node node) {
        Set<String> wanted = new LinkedHashSet<>();
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        for (NodeCondition condition : conditions) {
            String key = CONDITION_TAINTS.getOrDefault(condition.getType(), Map.of()).get(condition.getStatus());
            if (key != null) {
                wanted.add(key);
            }
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            wanted.add(UNSCHEDULABLE);
        }
        List<Taint> result = new ArrayList<>();
        for (Taint taint : taints(node)) {
            boolean ours = NO_SCHEDULE.equals(taint.getEffect())
                    && (CONDITION_TAINT_KEYS.contains(taint.getKey()) || UNSCHEDULABLE.equals(taint.getKey()));
            if (!ours) {
                result.add(taint);
            } else if (wanted.remove(taint.getKey())) {
                result.add(taint); // kept as it is, its timeAdded too
            }
        }
        for (String key : wanted) {
            result.add(new TaintBuilder().withKey(key).withEffect(NO_SCHEDULE).build());
        }
        return result;
    }

    /** The NoExecute step for a node whose Ready condition has status {@code ready}. */
    static NoExecuteStep noExecuteStep(List<Taint> taints, String ready) {
        boolean notReady = has(taints, NOT_READY, NO_EXECUTE);
        boolean unreachable = has(taints, UNREACHABLE, NO_EXECUTE);
        return switch (ready) {
            case "True" -> notReady || unreachable ? new NoExecuteStep.Remove() : new NoExecuteStep.Keep();
            case "False" -> stepTowards(NOT_READY, notReady, unreachable);
            case "Unknown" -> stepTowards(UNREACHABLE, unreachable, notReady);
            default -> new NoExecuteStep.Keep(); // no Ready condition yet: the startup grace period decides
        };
    }

    private static NoExecuteStep stepTowards(String key, boolean hasIt, boolean hasTheOther) {
        if (hasIt && !hasTheOther) {
            return new NoExecuteStep.Keep();
        }
        return hasTheOther ? new NoExecuteStep.Swap(key) : new NoExecuteStep.Queue(key);
    }

    /**
     * The taints with {@code key}:NoExecute (timeAdded {@code now}, or kept if present) and without the
     * other controller NoExecute taint; {@code key} null removes both.
     */
    static List<Taint> withNoExecute(List<Taint> taints, String key, Instant now) {
        List<Taint> result = new ArrayList<>();
        boolean present = false;
        for (Taint taint : taints) {
            boolean controllerNoExecute = NO_EXECUTE.equals(taint.getEffect())
                    && (NOT_READY.equals(taint.getKey()) || UNREACHABLE.equals(taint.getKey()));
            if (!controllerNoExecute) {
                result.add(taint);
            } else if (taint.getKey().equals(key) && !present) {
                result.add(taint);
                present = true;
            }
        }
        if (key != null && !present) {
            result.add(new TaintBuilder().withKey(key).withEffect(NO_EXECUTE).withTimeAdded(Timestamps.format(now))
                    .build());
        }
        return result;
    }

    /** Whether any controller NoExecute taint is on the node. */
    static boolean hasControllerNoExecute(List<Taint> taints) {
        return has(taints, NOT_READY, NO_EXECUTE) || has(taints, UNREACHABLE, NO_EXECUTE);
    }

    static boolean has(List<Taint> taints, String key, String effect) {
        return taints.stream().anyMatch(t -> Objects.equals(key, t.getKey()) && Objects.equals(effect, t.getEffect()));
    }

    static List<Taint> taints(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }
}
