package io.podyard.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * What the rollout arithmetic reads of one ReplicaSet: its name, spec and available replicas,
 * creation time (for ordering) and the max-replicas annotation (for proportional scaling).
 */
public record RsView(String name, int replicas, int available, Instant created, Integer maxReplicasAnnotation) {
    public static RsView of(ReplicaSet rs) {
        var status = rs.getStatus();
        Map<String, String> annotations = rs.getMetadata().getAnnotations();
        return new RsView(rs.getMetadata().getName(),
                rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas(),
                status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas(),
                Instant.parse(rs.getMetadata().getCreationTimestamp()),
                Revisions.intAnnotation(annotations, Revisions.MAX_REPLICAS));
    }

    public RsView withReplicas(int n) {
        return new RsView(name, n, available, created, maxReplicasAnnotation);
    }

    /** Kubernetes' ReplicaSetsByCreationTimestamp: older first, then by name. */
    public static final Comparator<RsView> OLDEST_FIRST =
            Comparator.comparing(RsView::created).thenComparing(RsView::name);
}
