package io.podyard.controllers.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.podyard.client.EventRecorder;
import io.podyard.controllers.runtime.OwnerRefs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Deployment controller's writes: ReplicaSets (create, scale with the replicas annotations,
 * adopt, release, delete) and the Deployment itself (revision annotation, status). Every write is
 * compare-and-swap on the resourceVersion the controller read; a conflict fails the sync, which
 * then runs again on the newer object. Each returns the object as written.
 */
final class DeploymentWrites {
    private final KubernetesClient client;
    private final EventRecorder events;

    DeploymentWrites(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    /**
     * Kubernetes' scaleReplicaSet: writes the size and the desired/max-replicas annotations when
     * either differs; an event says so when the size changed.
     */
    ReplicaSet scale(ReplicaSet rs, int size, Deployment d) {
        int old = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        Map<String, String> annotations = Revisions.replicasAnnotations(d, rs);
        if (old == size && annotations == null) {
            return rs;
        }
        ReplicaSetBuilder b = new ReplicaSetBuilder(rs).editSpec().withReplicas(size).endSpec();
        if (annotations != null) {
            b.editMetadata().withAnnotations(annotations).endMetadata();
        }
        ReplicaSet written = replicaSets(rs).resource(b.build()).update();
        if (old != size) {
            events.normal(d, "ScalingReplicaSet", "Scaled " + (size > old ? "up" : "down") + " replica set "
                    + rs.getMetadata().getName() + " from " + old + " to " + size);
        }
        return written;
    }

    /** Writes new annotations and minReadySeconds onto an existing new ReplicaSet. */
    ReplicaSet updateNewReplicaSet(ReplicaSet rs, Map<String, String> annotations, Integer minReadySeconds) {
        ReplicaSetBuilder b = new ReplicaSetBuilder(rs).editSpec().withMinReadySeconds(minReadySeconds).endSpec();
        if (annotations != null) {
            b.editMetadata().withAnnotations(annotations).endMetadata();
        }
        return replicaSets(rs).resource(b.build()).update();
    }

    /** Creates a ReplicaSet; empty when one of that name exists already (409 AlreadyExists). */
    Optional<ReplicaSet> create(ReplicaSet rs, Deployment d) {
        try {
            ReplicaSet created = client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace()).resource(rs)
                    .create();
            int replicas = created.getSpec().getReplicas();
            if (replicas > 0) {
                events.normal(d, "ScalingReplicaSet", "Scaled up replica set " + created.getMetadata().getName()
                        + " from 0 to " + replicas);
            }
            return Optional.of(created);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    ReplicaSet get(String namespace, String name) {
        return client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    }

    /** Makes the Deployment the ReplicaSet's controller; empty if it went away. */
    Optional<ReplicaSet> adopt(Deployment d, ReplicaSet rs) {
        List<OwnerReference> refs = new ArrayList<>(
                rs.getMetadata().getOwnerReferences() == null ? List.of() : rs.getMetadata().getOwnerReferences());
        refs.add(OwnerRefs.controllerRef(d));
        try {
            return Optional.of(replicaSets(rs).resource(new ReplicaSetBuilder(rs).editMetadata()
                    .withOwnerReferences(refs).endMetadata().build()).update());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    void release(Deployment d, ReplicaSet rs) {
        List<OwnerReference> refs = new ArrayList<>(rs.getMetadata().getOwnerReferences());
        refs.removeIf(r -> d.getMetadata().getUid().equals(r.getUid()));
        try {
            replicaSets(rs).resource(new ReplicaSetBuilder(rs).editMetadata()
                    .withOwnerReferences(refs.isEmpty() ? null : refs).endMetadata().build()).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 422) {
                throw e;
            }
        }
    }

    void delete(ReplicaSet rs) {
        replicaSets(rs).withName(rs.getMetadata().getName()).delete();
    }

    Deployment fresh(Deployment d) {
        return client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                .withName(d.getMetadata().getName()).get();
    }

    /** Sets the Deployment's revision annotation (a metadata write; the status subresource ignores metadata). */
    Deployment setRevision(Deployment d, long revision) {
        Map<String, String> annotations = new HashMap<>(
                d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations());
        String value = Long.toString(revision);
        if (value.equals(annotations.get(Revisions.REVISION))) {
            return d;
        }
        annotations.put(Revisions.REVISION, value);
        Deployment changed = new DeploymentBuilder(d).editMetadata().withAnnotations(annotations).endMetadata().build();
        Deployment written = client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(changed)
                .update();
        written.setStatus(d.getStatus()); // keep any status the caller computed but has not written yet
        return written;
    }

    /** Writes {@code status} unless the Deployment already has it; returns the Deployment as it now is. */
    Deployment writeStatus(Deployment d, DeploymentStatus status) {
        if (status.equals(d.getStatus())) {
            return d;
        }
        Deployment changed = new DeploymentBuilder(d).withStatus(status).build();
        return client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(changed)
                .updateStatus();
    }

    private NonNamespaceOperation<ReplicaSet, ReplicaSetList, RollableScalableResource<ReplicaSet>> replicaSets(
            ReplicaSet rs) {
        return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace());
    }
}
