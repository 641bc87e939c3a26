package io.podyard.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.podyard.client.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * A Deployment's status from its ReplicaSets, with the conditions Kubernetes sets (deployment/util
 * and sync.go): Available (minimum availability), Progressing (created/found/updated new
 * ReplicaSet, complete, paused/resumed, deadline exceeded) and ReplicaFailure (copied from a
 * ReplicaSet). The fields are the ones {@code kubectl rollout status} reads.
 */
public final class DeploymentStatuses {
    public static final String AVAILABLE = "Available";
    public static final String PROGRESSING = "Progressing";
    public static final String REPLICA_FAILURE = "ReplicaFailure";

    public static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
    public static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";
    public static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    public static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    public static final String RS_UPDATED = "ReplicaSetUpdated";
    public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    public static final String TIMED_OUT = "ProgressDeadlineExceeded";
    public static final String PAUSED = "DeploymentPaused";
    public static final String RESUMED = "DeploymentResumed";

    private DeploymentStatuses() {}

    /** Kubernetes' calculateStatus: counts and the Available condition. */
    public static DeploymentStatus calculate(Deployment d, List<ReplicaSet> all, ReplicaSet newRs, Instant now) {
        int available = sum(all, rs -> n(rs.getStatus() == null ? null : rs.getStatus().getAvailableReplicas()));
        int total = sum(all, rs -> rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas());
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        DeploymentStatus s = new DeploymentStatus();
        s.setObservedGeneration(d.getMetadata().getGeneration());
        s.setReplicas(sum(all, rs -> n(rs.getStatus() == null ? null : rs.getStatus().getReplicas())));
        s.setUpdatedReplicas(newRs == null || newRs.getStatus() == null ? 0 : n(newRs.getStatus().getReplicas()));
        s.setReadyReplicas(sum(all, rs -> n(rs.getStatus() == null ? null : rs.getStatus().getReadyReplicas())));
        s.setAvailableReplicas(available);
        s.setUnavailableReplicas(Math.max(0, total - available));
        s.setCollisionCount(old.getCollisionCount());
        s.setConditions(copy(old.getConditions()));
        if (available >= Fenceposts.replicas(d) - Fenceposts.maxUnavailable(d)) {
            set(s, condition(AVAILABLE, "True", MINIMUM_REPLICAS_AVAILABLE, "Deployment has minimum availability.",
                    now));
        } else {
            set(s, condition(AVAILABLE, "False", MINIMUM_REPLICAS_UNAVAILABLE,
                    "Deployment does not have minimum availability.", now));
        }
        return s;
    }

    /**
     * Kubernetes' syncRolloutStatus: calculate, then move Progressing along (complete, progressing
     * or timed out) and carry a ReplicaSet's ReplicaFailure over.
     */
    public static DeploymentStatus rollout(Deployment d, List<ReplicaSet> all, ReplicaSet newRs, Instant now) {
        DeploymentStatus s = calculate(d, all, newRs, now);
        Optional<DeploymentCondition> current = get(s, PROGRESSING);
        boolean complete = Objects.equals(s.getReplicas(), s.getUpdatedReplicas())
                && current.map(c -> NEW_RS_AVAILABLE.equals(c.getReason())).orElse(false);
        if (hasProgressDeadline(d) && !complete && newRs != null) {
            String name = newRs.getMetadata().getName();
            if (isComplete(d, s)) {
                set(s, condition(PROGRESSING, "True", NEW_RS_AVAILABLE,
                        "ReplicaSet \"" + name + "\" has successfully progressed.", now));
            } else if (isProgressing(d, s)) {
                DeploymentCondition c = condition(PROGRESSING, "True", RS_UPDATED,
                        "ReplicaSet \"" + name + "\" is progressing.", now);
                if (current.isPresent() && "True".equals(current.get().getStatus())) {
                    c.setLastTransitionTime(current.get().getLastTransitionTime());
                }
                remove(s, PROGRESSING);
                set(s, c);
            } else if (timedOut(d, s, now)) {
                set(s, condition(PROGRESSING, "False", TIMED_OUT,
                        "ReplicaSet \"" + name + "\" has timed out progressing.", now));
            }
        }
        Optional<ReplicaSetCondition> failure = replicaFailure(all, newRs);
        if (failure.isPresent()) {
            ReplicaSetCondition f = failure.get();
            DeploymentCondition c = condition(REPLICA_FAILURE, f.getStatus(), f.getReason(), f.getMessage(), now);
            c.setLastTransitionTime(f.getLastTransitionTime());
            set(s, c);
        } else {
            remove(s, REPLICA_FAILURE);
        }
        return s;
    }

    /** Kubernetes' DeploymentComplete: every replica updated and available, and the spec observed. */
    public static boolean isComplete(Deployment d, DeploymentStatus s) {
        int replicas = Fenceposts.replicas(d);
        return n(s.getUpdatedReplicas()) == replicas && n(s.getReplicas()) == replicas
                && n(s.getAvailableReplicas()) == replicas
                && l(s.getObservedGeneration()) >= l(d.getMetadata().getGeneration());
    }

    /** Kubernetes' DeploymentProgressing: more updated, fewer old, more ready or more available than before. */
    static boolean isProgressing(Deployment d, DeploymentStatus s) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = n(old.getReplicas()) - n(old.getUpdatedReplicas());
        int newOld = n(s.getReplicas()) - n(s.getUpdatedReplicas());
        return n(s.getUpdatedReplicas()) > n(old.getUpdatedReplicas()) || newOld < oldOld
                || n(s.getReadyReplicas()) > n(old.getReadyReplicas())
                || n(s.getAvailableReplicas()) > n(old.getAvailableReplicas());
    }

    /** Kubernetes' DeploymentTimedOut: no progress reported for progressDeadlineSeconds. */
    static boolean timedOut(Deployment d, DeploymentStatus s, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        Optional<DeploymentCondition> c = get(s, PROGRESSING);
        if (c.isEmpty()) {
            return false;
        }
        if (TIMED_OUT.equals(c.get().getReason())) {
            return true;
        }
        Instant from = Timestamps.parse(c.get().getLastUpdateTime());
        return from != null && from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
    }

    /**
     * Kubernetes' requeueStuckDeployment: while a rollout neither completes nor times out, when to
     * look again so the deadline is noticed without any event.
     */
    public static Optional<Duration> recheckAfter(Deployment d, DeploymentStatus s, Instant now) {
        Optional<DeploymentCondition> c = get(s, PROGRESSING);
        if (!hasProgressDeadline(d) || c.isEmpty() || isComplete(d, s) || TIMED_OUT.equals(c.get().getReason())) {
            return Optional.empty();
        }
        Instant from = Timestamps.parse(c.get().getLastUpdateTime());
        if (from == null) {
            return Optional.empty();
        }
        Duration after = Duration.between(now, from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()));
        return Optional.of(after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : after.plusSeconds(1));
    }

    /**
     * Kubernetes' checkPausedConditions: Progressing Unknown DeploymentPaused while paused,
     * DeploymentResumed after; a reported timeout is left alone. Empty when nothing changes.
     */
    public static Optional<DeploymentStatus> pausedConditions(Deployment d, Instant now) {
        if (!hasProgressDeadline(d)) {
            return Optional.empty();
        }
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : copyOf(d.getStatus());
        Optional<DeploymentCondition> c = get(s, PROGRESSING);
        if (c.isPresent() && TIMED_OUT.equals(c.get().getReason())) {
            return Optional.empty();
        }
        boolean pausedShown = c.isPresent() && PAUSED.equals(c.get().getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        if (paused && !pausedShown) {
            set(s, condition(PROGRESSING, "Unknown", PAUSED, "Deployment is paused", now));
            return Optional.of(s);
        }
        if (!paused && pausedShown) {
            set(s, condition(PROGRESSING, "Unknown", RESUMED, "Deployment is resumed", now));
            return Optional.of(s);
        }
        return Optional.empty();
    }

    /** A Progressing condition the caller sets when it creates or finds the new ReplicaSet. */
    public static DeploymentCondition progressing(String reason, String message, Instant now) {
        return condition(PROGRESSING, "True", reason, message, now);
    }

    public static boolean hasProgressDeadline(Deployment d) {
        Integer seconds = d.getSpec().getProgressDeadlineSeconds();
        return seconds != null && seconds != Integer.MAX_VALUE;
    }

    public static Optional<DeploymentCondition> get(DeploymentStatus s, String type) {
        return s.getConditions() == null ? Optional.empty()
                : s.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Kubernetes' SetDeploymentCondition: same status and reason → unchanged; same status → keep transition time. */
    public static void set(DeploymentStatus s, DeploymentCondition c) {
        Optional<DeploymentCondition> current = get(s, c.getType());
        if (current.isPresent() && Objects.equals(current.get().getStatus(), c.getStatus())
                && Objects.equals(current.get().getReason(), c.getReason())) {
            return;
        }
        if (current.isPresent() && Objects.equals(current.get().getStatus(), c.getStatus())) {
            c.setLastTransitionTime(current.get().getLastTransitionTime());
        }
        remove(s, c.getType());
        List<DeploymentCondition> conditions = new ArrayList<>(s.getConditions() == null ? List.of() : s.getConditions());
        conditions.add(c);
        s.setConditions(conditions);
    }

    static void remove(DeploymentStatus s, String type) {
        if (s.getConditions() != null) {
            List<DeploymentCondition> kept = new ArrayList<>(s.getConditions());
            kept.removeIf(c -> type.equals(c.getType()));
            s.setConditions(kept);
        }
    }

    static DeploymentCondition condition(String type, String status, String reason, String message, Instant now) {
        DeploymentCondition c = new DeploymentCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastUpdateTime(Timestamps.format(now));
        c.setLastTransitionTime(Timestamps.format(now));
        return c;
    }

    /** The ReplicaFailure of the new ReplicaSet, else of any (Kubernetes' getReplicaFailures). */
    private static Optional<ReplicaSetCondition> replicaFailure(List<ReplicaSet> all, ReplicaSet newRs) {
        List<ReplicaSet> order = new ArrayList<>();
        if (newRs != null) {
            order.add(newRs);
        }
        order.addAll(all);
        for (ReplicaSet rs : order) {
            if (rs.getStatus() != null && rs.getStatus().getConditions() != null) {
                for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                    if (REPLICA_FAILURE.equals(c.getType())) {
                        return Optional.of(c);
                    }
                }
            }
        }
        return Optional.empty();
    }

    static DeploymentStatus copyOf(DeploymentStatus s) {
        DeploymentStatus c = new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder(s).build();
        c.setConditions(copy(s.getConditions()));
        return c;
    }

    private static List<DeploymentCondition> copy(List<DeploymentCondition> conditions) {
        if (conditions == null) {
            return new ArrayList<>();
        }
        List<DeploymentCondition> result = new ArrayList<>();
        for (DeploymentCondition c : conditions) {
            result.add(new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder(c).build());
        }
        return result;
    }

    private static int sum(List<ReplicaSet> all, ToIntFunction<ReplicaSet> f) {
        return all.stream().filter(Objects::nonNull).mapToInt(f).sum();
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private static long l(Long v) {
        return v == null ? 0 : v;
    }
}
