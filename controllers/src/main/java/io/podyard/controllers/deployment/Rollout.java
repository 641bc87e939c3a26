package io.podyard.controllers.deployment;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.podyard.controllers.pods.Pods;
import io.podyard.controllers.runtime.OwnerRefs;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.SharedInformers;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One sync of one Deployment (Kubernetes' syncDeployment and the functions it calls): holds the
 * Deployment and its ReplicaSets as they are after each write of this sync.
 */
final class Rollout {
    private final DeploymentWrites writes;
    private final InstantSource clock;
    private final SharedInformers informers;
    private Deployment d;
    private final List<ReplicaSet> owned;
    private ReplicaSet newRs;
    private List<ReplicaSet> oldRss = new ArrayList<>();

    Rollout(Deployment d, List<ReplicaSet> owned, DeploymentWrites writes, InstantSource clock,
            SharedInformers informers) {
        this.d = d;
        this.owned = new ArrayList<>(owned);
        this.writes = writes;
        this.clock = clock;
        this.informers = informers;
    }

    Result sync() {
        if (OwnerRefs.deleting(d)) {
            findReplicaSets();
            d = writes.writeStatus(d, DeploymentStatuses.calculate(d, all(), newRs, now()));
            return Result.done();
        }
        Optional<DeploymentStatus> paused = DeploymentStatuses.pausedConditions(d, now());
        if (paused.isPresent()) {
            d = writes.writeStatus(d, paused.get());
        }
        syncRevisions(false);
        if (Boolean.TRUE.equals(d.getSpec().getPaused()) || isScalingEvent()) {
            return scaleOnly();
        }
        return Fenceposts.isRollingUpdate(d) ? rolling() : recreate();
    }

    // ---- finding the new ReplicaSet and keeping revisions ----

    /** The oldest ReplicaSet whose template is the Deployment's (Kubernetes' FindNewReplicaSet), and the others. */
    private void findReplicaSets() {
        List<ReplicaSet> sorted = new ArrayList<>(owned);
        sorted.sort(Comparator.comparing((ReplicaSet rs) -> rs.getMetadata().getCreationTimestamp())
                .thenComparing(rs -> rs.getMetadata().getName()));
        newRs = sorted.stream().filter(rs -> TemplateHash.equalIgnoringHash(rs.getSpec().getTemplate(),
                d.getSpec().getTemplate())).findFirst().orElse(null);
        oldRss = new ArrayList<>(sorted);
        oldRss.remove(newRs);
    }

    /** Kubernetes' getAllReplicaSetsAndSyncRevision. */
    private void syncRevisions(boolean createIfMissing) {
        findReplicaSets();
        long newRevision = Revisions.maxRevision(oldRss) + 1;
        if (newRs != null) {
            Map<String, String> annotations = Revisions.newReplicaSetAnnotations(d, newRs, newRevision, false);
            if (annotations != null || !Objects.equals(newRs.getSpec().getMinReadySeconds(),
                    d.getSpec().getMinReadySeconds())) {
                replace(newRs, writes.updateNewReplicaSet(newRs, annotations, d.getSpec().getMinReadySeconds()));
            }
            d = writes.setRevision(d, Revisions.revision(newRs));
            if (DeploymentStatuses.hasProgressDeadline(d) && d.getStatus() != null
                    && DeploymentStatuses.get(d.getStatus(), DeploymentStatuses.PROGRESSING).isEmpty()) {
                DeploymentStatus s = DeploymentStatuses.copyOf(d.getStatus());
                DeploymentStatuses.set(s, DeploymentStatuses.progressing(DeploymentStatuses.FOUND_NEW_RS,
                        "Found new replica set \"" + newRs.getMetadata().getName() + "\"", now()));
                d = writes.writeStatus(d, s);
            }
            return;
        }
        if (createIfMissing) {
            createNewReplicaSet(newRevision);
        }
    }

    private void createNewReplicaSet(long revision) {
        Integer collisions = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        String hash = TemplateHash.of(d.getSpec().getTemplate(), collisions);
        PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate()).build();
        Map<String, String> labels = new HashMap<>(template.getMetadata() == null
                || template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
        labels.put(TemplateHash.LABEL, hash);
        if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMetaBuilder().build());
        }
        template.getMetadata().setLabels(labels);
        var selector = new LabelSelectorBuilder(d.getSpec().getSelector())
                .addToMatchLabels(TemplateHash.LABEL, hash).build();
        int desired = Fenceposts.replicas(d);
        int replicas = Fenceposts.isRollingUpdate(d)
                ? RollingStep.newReplicaSetTarget(desired, Fenceposts.maxSurge(d),
                        new RsView("", 0, 0, Instant.EPOCH, null), views(oldRss))
                : desired;
        ReplicaSet draft = new ReplicaSetBuilder()
                .withNewMetadata().withName(d.getMetadata().getName() + "-" + hash)
                .withNamespace(d.getMetadata().getNamespace()).withLabels(labels)
                .withOwnerReferences(OwnerRefs.controllerRef(d)).endMetadata()
                .withNewSpec().withReplicas(replicas).withMinReadySeconds(d.getSpec().getMinReadySeconds())
                .withSelector(selector).withTemplate(template).endSpec()
                .build();
        draft.getMetadata().setAnnotations(Revisions.newReplicaSetAnnotations(d, draft, revision, true));
        Optional<ReplicaSet> created = writes.create(draft, d);
        if (created.isEmpty()) {
            ReplicaSet existing = writes.get(d.getMetadata().getNamespace(), draft.getMetadata().getName());
            boolean ours = existing != null && OwnerRefs.controllerOf(existing)
                    .map(r -> r.getUid().equals(d.getMetadata().getUid())).orElse(false);
            if (ours && TemplateHash.equalIgnoringHash(existing.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                newRs = existing; // our cache had not seen it yet
                owned.add(existing);
                return;
            }
            // a different template hashed to the same name: count the collision and try again
            DeploymentStatus s = DeploymentStatuses.copyOf(d.getStatus() == null ? new DeploymentStatus() : d.getStatus());
            s.setCollisionCount(collisions == null ? 1 : collisions + 1);
            d = writes.writeStatus(d, s);
            throw new IllegalStateException("hash collision for ReplicaSet " + draft.getMetadata().getName());
        }
        newRs = created.get();
        owned.add(newRs);
        d = writes.setRevision(d, revision);
        if (DeploymentStatuses.hasProgressDeadline(d)) {
            DeploymentStatus s = DeploymentStatuses.copyOf(d.getStatus() == null ? new DeploymentStatus() : d.getStatus());
            DeploymentStatuses.set(s, DeploymentStatuses.progressing(DeploymentStatuses.NEW_RS_CREATED,
                    "Created new replica set \"" + newRs.getMetadata().getName() + "\"", now()));
            d = writes.writeStatus(d, s);
        }
    }

    // ---- scaling (paused, or replicas changed) ----

    /** Kubernetes' isScalingEvent: an active ReplicaSet was last sized for another replica count. */
    private boolean isScalingEvent() {
        for (ReplicaSet rs : active(all())) {
            Integer desired = Revisions.intAnnotation(rs.getMetadata().getAnnotations(), Revisions.DESIRED_REPLICAS);
            if (desired != null && desired != Fenceposts.replicas(d)) {
                return true;
            }
        }
        return false;
    }

    /** Kubernetes' sync(): scale, clean up when paused, write status. */
    private Result scaleOnly() {
        scale();
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            cleanup();
        }
        d = writes.writeStatus(d, DeploymentStatuses.calculate(d, all(), newRs, now()));
        return Result.done();
    }

    /** Kubernetes' scale(). */
    private void scale() {
        int desired = Fenceposts.replicas(d);
        List<ReplicaSet> active = active(all());
        if (active.size() <= 1) {
            ReplicaSet only = !active.isEmpty() ? active.getFirst()
                    : newRs != null ? newRs
                    : oldRss.stream().max(Comparator.comparing((ReplicaSet rs) -> rs.getMetadata().getCreationTimestamp())
                            .thenComparing(rs -> rs.getMetadata().getName())).orElse(null);
            if (only != null && replicas(only) != desired) {
                replace(only, writes.scale(only, desired, d));
            }
            return;
        }
        if (isSaturated(newRs)) {
            for (ReplicaSet old : active(oldRss)) {
                replace(old, writes.scale(old, 0, d));
            }
            return;
        }
        if (Fenceposts.isRollingUpdate(d)) {
            int statusReplicas = d.getStatus() == null || d.getStatus().getReplicas() == null ? 0
                    : d.getStatus().getReplicas();
            Map<String, Integer> sizes = ProportionalScale.sizes(desired, Fenceposts.maxSurge(d), views(active),
                    statusReplicas);
            for (ReplicaSet rs : active) {
                replace(rs, writes.scale(rs, sizes.get(rs.getMetadata().getName()), d));
            }
        }
    }

    private boolean isSaturated(ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        Integer desired = Revisions.intAnnotation(rs.getMetadata().getAnnotations(), Revisions.DESIRED_REPLICAS);
        int replicas = Fenceposts.replicas(d);
        int available = rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0
                : rs.getStatus().getAvailableReplicas();
        return replicas(rs) == replicas && desired != null && desired == replicas && available == replicas;
    }

    // ---- rolling update ----

    private Result rolling() {
        syncRevisions(true);
        Map<String, Integer> sizes = RollingStep.next(Fenceposts.replicas(d), Fenceposts.of(d), RsView.of(newRs),
                views(oldRss));
        for (ReplicaSet rs : new ArrayList<>(all())) {
            Integer size = sizes.get(rs.getMetadata().getName());
            if (size != null) {
                replace(rs, writes.scale(rs, size, d));
            }
        }
        if (sizes.isEmpty() && DeploymentStatuses.isComplete(d, statusOrEmpty())) {
            cleanup();
        }
        return rolloutStatus();
    }

    // ---- recreate ----

    private Result recreate() {
        boolean scaledDown = false;
        for (ReplicaSet old : active(oldRss)) {
            replace(old, writes.scale(old, 0, d));
            scaledDown = true;
        }
        if (scaledDown || oldPodsRunning()) {
            return rolloutStatus();
        }
        if (newRs == null) {
            syncRevisions(true);
        }
        if (replicas(newRs) != Fenceposts.replicas(d)) {
            replace(newRs, writes.scale(newRs, Fenceposts.replicas(d), d));
        }
        if (DeploymentStatuses.isComplete(d, statusOrEmpty())) {
            cleanup();
        }
        return rolloutStatus();
    }

    /** Kubernetes' oldPodsRunning: old ReplicaSets still report pods, or a pod of theirs is not finished. */
    private boolean oldPodsRunning() {
        for (ReplicaSet old : oldRss) {
            if (old.getStatus() != null && old.getStatus().getReplicas() != null && old.getStatus().getReplicas() > 0) {
                return true;
            }
            for (Pod pod : informers.ownedBy(Pod.class, old.getMetadata().getUid())) {
                String phase = Pods.phase(pod);
                if (!phase.equals("Failed") && !phase.equals("Succeeded")) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- common ----

    /** Kubernetes' syncRolloutStatus, with requeueStuckDeployment when nothing changed. */
    private Result rolloutStatus() {
        DeploymentStatus s = DeploymentStatuses.rollout(d, all(), newRs, now());
        if (s.equals(d.getStatus())) {
            return DeploymentStatuses.recheckAfter(d, s, now()).<Result>map(Result::requeueAfter)
                    .orElse(Result.done());
        }
        d = writes.writeStatus(d, s);
        return DeploymentStatuses.recheckAfter(d, s, now()).<Result>map(Result::requeueAfter).orElse(Result.done());
    }

    /** revisionHistoryLimit: old ReplicaSets beyond it that are scaled down go. */
    private void cleanup() {
        for (ReplicaSet rs : Revisions.toCleanUp(oldRss, d.getSpec().getRevisionHistoryLimit())) {
            writes.delete(rs);
        }
    }

    private void replace(ReplicaSet before, ReplicaSet after) {
        if (before == after) {
            return;
        }
        owned.replaceAll(rs -> rs == before ? after : rs);
        oldRss.replaceAll(rs -> rs == before ? after : rs);
        if (newRs == before) {
            newRs = after;
        }
    }

    private List<ReplicaSet> all() {
        List<ReplicaSet> all = new ArrayList<>(oldRss);
        if (newRs != null) {
            all.add(newRs);
        }
        return all;
    }

    private static List<ReplicaSet> active(List<ReplicaSet> sets) {
        return sets.stream().filter(rs -> replicas(rs) > 0).toList();
    }

    private static List<RsView> views(List<ReplicaSet> sets) {
        return sets.stream().map(RsView::of).toList();
    }

    private static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    private DeploymentStatus statusOrEmpty() {
        return d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    }

    private Instant now() {
        return clock.instant();
    }
}
