package io.podyard.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.podyard.controllers.pods.Pods;
import io.podyard.client.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure core of the ReplicaSet controller (Kubernetes' replica_set.go): from the desired
 * ReplicaSet and the active pods it controls, how many to create or which to delete, and the
 * status to report.
 */
public final class ReplicaSetSync {
    /** Kubernetes' burstReplicas: at most this many creates or deletes per sync. */
    public static final int BURST = 500;
    public static final String REPLICA_FAILURE = "ReplicaFailure";

    private ReplicaSetSync() {}

    /** What to do about the count: create {@code create} pods, or delete {@code delete}. */
    public record Plan(int create, List<Pod> delete) {
        public static final Plan NOTHING = new Plan(0, List.of());
    }

    /** Why creating or deleting failed; becomes the ReplicaFailure condition. */
    public record ManageError(String reason, String message) {}

    /**
     * @param owned the active pods the ReplicaSet controls (after adoption and release)
     * @param related active pods of it and of its sibling ReplicaSets, for scale-down ranking
     */
    public static Plan plan(int replicas, List<Pod> owned, List<Pod> related) {
        int diff = owned.size() - replicas;
        if (diff < 0) {
            return new Plan(Math.min(-diff, BURST), List.of());
        }
        if (diff > 0) {
            return new Plan(0, ScaleDownOrder.select(owned, related, Math.min(diff, BURST)));
        }
        return Plan.NOTHING;
    }

    /** Kubernetes' calculateStatus over the active pods the ReplicaSet controls. */
    public static ReplicaSetStatus status(ReplicaSet rs, List<Pod> owned, Optional<ManageError> error, Instant now) {
        Map<String, String> templateLabels = rs.getSpec().getTemplate().getMetadata() == null
                || rs.getSpec().getTemplate().getMetadata().getLabels() == null
                ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
        int minReady = minReadySeconds(rs);
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod pod : owned) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            if (labels.entrySet().containsAll(templateLabels.entrySet())) {
                fullyLabeled++;
            }
            if (Pods.isReady(pod)) {
                ready++;
                if (Pods.isAvailable(pod, minReady, now)) {
                    available++;
                }
            }
        }
        ReplicaSetStatus old = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
        List<ReplicaSetCondition> conditions = new ArrayList<>(
                old.getConditions() == null ? List.of() : old.getConditions());
        boolean hasFailure = conditions.stream().anyMatch(c -> REPLICA_FAILURE.equals(c.getType()));
        if (error.isPresent() && !hasFailure) {
            ReplicaSetCondition c = new ReplicaSetCondition();
            c.setType(REPLICA_FAILURE);
            c.setStatus("True");
            c.setReason(error.get().reason());
            c.setMessage(error.get().message());
            c.setLastTransitionTime(Timestamps.format(now));
            conditions.add(c);
        } else if (error.isEmpty() && hasFailure) {
            conditions.removeIf(c -> REPLICA_FAILURE.equals(c.getType()));
        }
        ReplicaSetStatus status = new ReplicaSetStatus();
        status.setReplicas(owned.size());
        status.setFullyLabeledReplicas(fullyLabeled);
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(available);
        status.setObservedGeneration(rs.getMetadata().getGeneration());
        status.setConditions(conditions.isEmpty() ? null : conditions);
        status.setTerminatingReplicas(old.getTerminatingReplicas());
        return status;
    }

    /**
     * All ready but not yet all available: look again when minReadySeconds has passed, since no
     * pod event will say so (Kubernetes requeues after minReadySeconds too).
     */
    public static Optional<Duration> recheckAfter(ReplicaSet rs, ReplicaSetStatus status, boolean manageFailed) {
        int minReady = minReadySeconds(rs);
        if (!manageFailed && minReady > 0 && status.getReadyReplicas().equals(replicas(rs))
                && !status.getAvailableReplicas().equals(replicas(rs))) {
            return Optional.of(Duration.ofSeconds(minReady));
        }
        return Optional.empty();
    }

    /** Whether the stored status already says this (no write needed). */
    public static boolean same(ReplicaSetStatus a, ReplicaSetStatus b) {
        return a != null && java.util.Objects.equals(n(a.getReplicas()), n(b.getReplicas()))
                && java.util.Objects.equals(n(a.getFullyLabeledReplicas()), n(b.getFullyLabeledReplicas()))
                && java.util.Objects.equals(n(a.getReadyReplicas()), n(b.getReadyReplicas()))
                && java.util.Objects.equals(n(a.getAvailableReplicas()), n(b.getAvailableReplicas()))
                && java.util.Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && java.util.Objects.equals(conditionsOrNull(a), conditionsOrNull(b));
    }

    public static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    static int minReadySeconds(ReplicaSet rs) {
        return rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private static List<ReplicaSetCondition> conditionsOrNull(ReplicaSetStatus s) {
        return s.getConditions() == null || s.getConditions().isEmpty() ? null : s.getConditions();
    }
}
