package io.podyard.controllers.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.podyard.api.selector.LabelSelector;
import io.podyard.api.selector.SelectorException;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.EventHandlers;
import io.podyard.client.EventRecorder;
import io.podyard.controllers.runtime.ObjectKey;
import io.podyard.controllers.runtime.OwnerRefs;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;
import io.podyard.controllers.runtime.SharedInformers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rolls Deployments out through ReplicaSets, as Kubernetes' deployment controller: informer events
 * enqueue the Deployment; a sync claims its ReplicaSets, then either scales (paused, or replicas
 * changed: {@link ProportionalScale}) or rolls out ({@link RollingStep}, or Recreate), cleans up
 * history and writes status ({@link DeploymentStatuses}).
 */
public final class DeploymentController implements RunnableController {
    public static final String NAME = "deployment-controller";

    private final ControllerContext ctx;
    private final SharedInformers informers;
    private final EventRecorder events;
    private final Controller<ObjectKey> loop;
    private final DeploymentWrites writes;

    public DeploymentController(ControllerContext ctx) {
        this.ctx = ctx;
        this.informers = ctx.informers();
        this.events = ctx.recorders().apply(NAME);
        this.loop = ctx.controller(NAME, this::reconcile);
        this.writes = new DeploymentWrites(ctx.client(), events);
        informers.addHandler(Deployment.class, EventHandlers.onAny(d -> loop.enqueue(ObjectKey.of(d))));
        informers.addHandler(ReplicaSet.class, EventHandlers.of(this::replicaSetAdded, this::replicaSetUpdated,
                rs -> deploymentOf(rs).ifPresent(d -> loop.enqueue(ObjectKey.of(d)))));
        // Recreate waits for the old pods to be gone: their deletion is its cue
        informers.addHandler(Pod.class, EventHandlers.of(p -> { }, (o, p) -> { }, this::podDeleted));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void close() {
        loop.close();
        events.close();
    }

    // ---- event handlers ----

    private void replicaSetAdded(ReplicaSet rs) {
        Optional<Deployment> owner = deploymentOf(rs);
        if (owner.isPresent()) {
            loop.enqueue(ObjectKey.of(owner.get()));
        } else if (OwnerRefs.controllerOf(rs).isEmpty()) {
            selecting(rs).forEach(d -> loop.enqueue(ObjectKey.of(d)));
        }
    }

    private void replicaSetUpdated(ReplicaSet old, ReplicaSet rs) {
        if (Objects.equals(old.getMetadata().getResourceVersion(), rs.getMetadata().getResourceVersion())) {
            return;
        }
        Optional<String> oldRef = OwnerRefs.controllerOf(old).map(OwnerReference::getUid);
        Optional<String> newRef = OwnerRefs.controllerOf(rs).map(OwnerReference::getUid);
        if (!oldRef.equals(newRef)) {
            deploymentOf(old).ifPresent(d -> loop.enqueue(ObjectKey.of(d)));
        }
        Optional<Deployment> owner = deploymentOf(rs);
        if (owner.isPresent()) {
            loop.enqueue(ObjectKey.of(owner.get()));
            return;
        }
        boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(), rs.getMetadata().getLabels());
        if (newRef.isEmpty() && (labelsChanged || !oldRef.equals(newRef))) {
            selecting(rs).forEach(d -> loop.enqueue(ObjectKey.of(d)));
        }
    }

    private void podDeleted(Pod pod) {
        OwnerRefs.controllerOf(pod).filter(ref -> "ReplicaSet".equals(ref.getKind()))
                .flatMap(ref -> informers.get(ReplicaSet.class, new ObjectKey(pod.getMetadata().getNamespace(),
                        ref.getName())))
                .flatMap(this::deploymentOf)
                .filter(d -> !Fenceposts.isRollingUpdate(d))
                .ifPresent(d -> loop.enqueue(ObjectKey.of(d)));
    }

    private Optional<Deployment> deploymentOf(ReplicaSet rs) {
        return OwnerRefs.controllerOf(rs).filter(ref -> "Deployment".equals(ref.getKind()))
                .flatMap(ref -> informers.get(Deployment.class, new ObjectKey(rs.getMetadata().getNamespace(),
                                ref.getName()))
                        .filter(d -> d.getMetadata().getUid().equals(ref.getUid())));
    }

    private List<Deployment> selecting(ReplicaSet rs) {
        List<Deployment> result = new ArrayList<>();
        for (Deployment d : informers.list(Deployment.class, rs.getMetadata().getNamespace())) {
            try {
                LabelSelector s = LabelSelector.from(d.getSpec().getSelector());
                if (!selectsEverything(d) && s.matches(rs.getMetadata().getLabels())) {
                    result.add(d);
                }
            } catch (SelectorException e) {
                // selects nothing
            }
        }
        return result;
    }

    // ---- sync ----

    private Result reconcile(ObjectKey key) {
        Optional<Deployment> cached = informers.get(Deployment.class, key);
        if (cached.isEmpty()) {
            return Result.done();
        }
        Deployment d = new DeploymentBuilder(cached.get()).build();
        LabelSelector selector;
        try {
            selector = LabelSelector.from(d.getSpec().getSelector());
        } catch (SelectorException e) {
            events.warning(d, "InvalidSelector", "Invalid selector: " + e.getMessage());
            return Result.done();
        }
        if (selectsEverything(d)) {
            events.warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            if (observed(d) < generation(d)) {
                var status = DeploymentStatuses.copyOf(d.getStatus() == null
                        ? new io.fabric8.kubernetes.api.model.apps.DeploymentStatus() : d.getStatus());
                status.setObservedGeneration(generation(d));
                writes.writeStatus(d, status);
            }
            return Result.done();
        }
        List<ReplicaSet> owned = claim(d, selector);
        Rollout rollout = new Rollout(d, owned, writes, ctx.clock(), informers);
        return rollout.sync();
    }

    /** Adopts and releases ReplicaSets by the Deployment's selector; returns those it controls. */
    private List<ReplicaSet> claim(Deployment d, LabelSelector selector) {
        List<ReplicaSet> owned = new ArrayList<>();
        Boolean canAdopt = null;
        for (ReplicaSet rs : informers.list(ReplicaSet.class, d.getMetadata().getNamespace())) {
            switch (OwnerRefs.claim(d, selector, rs)) {
                case OWNED -> owned.add(rs);
                case ADOPT -> {
                    if (canAdopt == null) {
                        Deployment fresh = writes.fresh(d);
                        canAdopt = fresh != null && fresh.getMetadata().getUid().equals(d.getMetadata().getUid())
                                && !OwnerRefs.deleting(fresh);
                    }
                    if (canAdopt) {
                        writes.adopt(d, rs).ifPresent(owned::add);
                    }
                }
                case RELEASE -> writes.release(d, rs);
                case IGNORE -> { }
            }
        }
        return owned;
    }

    /** An empty (not missing) selector: Kubernetes refuses to act on it rather than grab every pod. */
    private static boolean selectsEverything(Deployment d) {
        var s = d.getSpec().getSelector();
        return s != null && (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
    }

    private static long observed(Deployment d) {
        return d.getStatus() == null || d.getStatus().getObservedGeneration() == null ? 0
                : d.getStatus().getObservedGeneration();
    }

    private static long generation(Deployment d) {
        return d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    }
}
