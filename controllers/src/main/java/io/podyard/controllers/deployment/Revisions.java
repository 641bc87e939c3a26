package io.podyard.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The annotations a Deployment and its ReplicaSets carry between syncs (Kubernetes'
 * deployment/util), and which old ReplicaSets revisionHistoryLimit lets go.
 */
public final class Revisions {
    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    /** kubectl's own bookkeeping, never copied from a Deployment to its ReplicaSets. */
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final Set<String> NOT_COPIED = Set.of(LAST_APPLIED, REVISION, REVISION_HISTORY,
            DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");

    private Revisions() {}

    public static long revision(ReplicaSet rs) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(REVISION);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static long maxRevision(List<ReplicaSet> sets) {
        return sets.stream().mapToLong(Revisions::revision).max().orElse(0);
    }

    static Integer intAnnotation(Map<String, String> annotations, String key) {
        String v = annotations == null ? null : annotations.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Kubernetes' SetNewReplicaSetAnnotations: the Deployment's own annotations copied onto the
     * ReplicaSet, the revision raised to {@code newRevision} (the old one kept in revision-history),
     * and for a ReplicaSet being created the replicas annotations. Returns the annotations, or null
     * when nothing changes.
     */
    static Map<String, String> newReplicaSetAnnotations(Deployment d, ReplicaSet rs, long newRevision,
            boolean creating) {
        Map<String, String> result = new HashMap<>(rs.getMetadata().getAnnotations() == null ? Map.of()
                : rs.getMetadata().getAnnotations());
        Map<String, String> own = d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations();
        own.forEach((k, v) -> {
            if (!NOT_COPIED.contains(k)) {
                result.put(k, v);
            }
        });
        long old = revision(rs);
        if (old < newRevision) {
            result.put(REVISION, Long.toString(newRevision));
            if (old > 0) {
                String history = result.get(REVISION_HISTORY);
                result.put(REVISION_HISTORY, history == null || history.isEmpty() ? Long.toString(old)
                        : history + "," + old);
            }
        }
        if (creating) {
            result.put(DESIRED_REPLICAS, Integer.toString(Fenceposts.replicas(d)));
            result.put(MAX_REPLICAS, Integer.toString(Fenceposts.replicas(d) + Fenceposts.maxSurge(d)));
        }
        return result.equals(rs.getMetadata().getAnnotations() == null ? Map.of() : rs.getMetadata().getAnnotations())
                ? null : result;
    }

    /** The replicas annotations a scale writes; null when they already say this. */
    static Map<String, String> replicasAnnotations(Deployment d, ReplicaSet rs) {
        Map<String, String> result = new HashMap<>(rs.getMetadata().getAnnotations() == null ? Map.of()
                : rs.getMetadata().getAnnotations());
        String desired = Integer.toString(Fenceposts.replicas(d));
        String max = Integer.toString(Fenceposts.replicas(d) + Fenceposts.maxSurge(d));
        if (desired.equals(result.get(DESIRED_REPLICAS)) && max.equals(result.get(MAX_REPLICAS))) {
            return null;
        }
        result.put(DESIRED_REPLICAS, desired);
        result.put(MAX_REPLICAS, max);
        return result;
    }

    /**
     * Old ReplicaSets beyond revisionHistoryLimit that may go: the lowest revisions first, and only
     * those fully scaled down with their status caught up (Kubernetes' cleanupDeployment).
     */
    public static List<ReplicaSet> toCleanUp(List<ReplicaSet> old, Integer limit) {
        if (limit == null) {
            return List.of();
        }
        List<ReplicaSet> alive = new ArrayList<>(old.stream()
                .filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList());
        int diff = alive.size() - limit;
        if (diff <= 0) {
            return List.of();
        }
        alive.sort(Comparator.comparingLong(Revisions::revision)
                .thenComparing(rs -> rs.getMetadata().getCreationTimestamp())
                .thenComparing(rs -> rs.getMetadata().getName()));
        List<ReplicaSet> doomed = new ArrayList<>();
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = alive.get(i);
            var status = rs.getStatus();
            int statusReplicas = status == null || status.getReplicas() == null ? 0 : status.getReplicas();
            long observed = status == null || status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
            long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
            int specReplicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
            if (statusReplicas != 0 || specReplicas != 0 || generation > observed) {
                continue;
            }
            doomed.add(rs);
        }
        return doomed;
    }
}
