package io.podyard.controllers.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.api.selector.LabelSelector;
import io.podyard.api.selector.SelectorException;
import io.podyard.controllers.pods.Pods;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.EventHandlers;
import io.podyard.client.EventRecorder;
import io.podyard.controllers.runtime.Expectations;
import io.podyard.controllers.runtime.ObjectKey;
import io.podyard.controllers.runtime.OwnerRefs;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;
import io.podyard.controllers.runtime.SharedInformers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each ReplicaSet's pods at its replicas: the I/O around {@link ReplicaSetSync}. Informer
 * events enqueue the owning ReplicaSet and settle {@link Expectations}; a reconcile claims pods
 * (adopt, release), creates or deletes as planned, then writes status.
 */
public final class ReplicaSetController implements RunnableController {
    public static final String NAME = "replicaset-controller";
    private static final Logger log = LoggerFactory.getLogger(ReplicaSetController.class);

    private final ControllerContext ctx;
    private final SharedInformers informers;
    private final Expectations<ObjectKey> expectations;
    private final EventRecorder events;
    private final Controller<ObjectKey> loop;
    private final PodWrites writes;

    public ReplicaSetController(ControllerContext ctx) {
        this.ctx = ctx;
        this.informers = ctx.informers();
        this.expectations = new Expectations<>(ctx.clock(), Expectations.DEFAULT_TIMEOUT);
        this.events = ctx.recorders().apply(NAME);
        this.loop = ctx.controller(NAME, this::reconcile);
        this.writes = new PodWrites(ctx.client(), events);
        informers.addHandler(ReplicaSet.class, EventHandlers.of(
                rs -> loop.enqueue(ObjectKey.of(rs)),
                (old, rs) -> loop.enqueue(ObjectKey.of(rs)),
                rs -> {
                    expectations.forget(ObjectKey.of(rs));
                    loop.enqueue(ObjectKey.of(rs));
                }));
        informers.addHandler(Pod.class, EventHandlers.of(this::podAdded, this::podUpdated, this::podDeleted));
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

    // ---- event handlers: only bookkeeping and enqueueing ----

    private void podAdded(Pod pod) {
        if (OwnerRefs.deleting(pod)) {
            podDeleted(pod); // a restart can show a pod already terminating: it will not count
            return;
        }
        Optional<ReplicaSet> owner = controllerOf(pod);
        if (owner.isPresent()) {
            ObjectKey key = ObjectKey.of(owner.get());
            expectations.creationObserved(key);
            loop.enqueue(key);
            return;
        }
        selecting(pod).forEach(rs -> loop.enqueue(ObjectKey.of(rs)));
    }

    private void podUpdated(Pod old, Pod pod) {
        if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
            return;
        }
        boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels());
        if (OwnerRefs.deleting(pod)) {
            podDeleted(pod);
            if (labelsChanged) {
                podDeleted(old);
            }
            return;
        }
        Optional<OwnerReference> oldRef = OwnerRefs.controllerOf(old);
        Optional<OwnerReference> newRef = OwnerRefs.controllerOf(pod);
        boolean refChanged = !Objects.equals(oldRef.map(OwnerReference::getUid), newRef.map(OwnerReference::getUid));
        if (refChanged) {
            controllerOf(old).ifPresent(rs -> loop.enqueue(ObjectKey.of(rs)));
        }
        Optional<ReplicaSet> owner = controllerOf(pod);
        if (owner.isPresent()) {
            loop.enqueue(ObjectKey.of(owner.get()));
            return;
        }
        if (newRef.isEmpty() && (labelsChanged || refChanged)) {
            selecting(pod).forEach(rs -> loop.enqueue(ObjectKey.of(rs)));
        }
    }

    private void podDeleted(Pod pod) {
        controllerOf(pod).ifPresent(rs -> {
            ObjectKey key = ObjectKey.of(rs);
            expectations.deletionObserved(key, Pods.key(pod));
            loop.enqueue(key);
        });
    }

    /** The cached ReplicaSet the pod's controller reference names, if it is one and still the same. */
    private Optional<ReplicaSet> controllerOf(Pod pod) {
        return OwnerRefs.controllerOf(pod)
                .filter(ref -> "ReplicaSet".equals(ref.getKind()))
                .flatMap(ref -> informers.get(ReplicaSet.class, new ObjectKey(pod.getMetadata().getNamespace(),
                                ref.getName()))
                        .filter(rs -> rs.getMetadata().getUid().equals(ref.getUid())));
    }

    /** ReplicaSets in the pod's namespace whose selector matches it (candidates to adopt an orphan). */
    private List<ReplicaSet> selecting(Pod pod) {
        List<ReplicaSet> result = new ArrayList<>();
        for (ReplicaSet rs : informers.list(ReplicaSet.class, pod.getMetadata().getNamespace())) {
            try {
                if (LabelSelector.from(rs.getSpec().getSelector()).matches(pod.getMetadata().getLabels())) {
                    result.add(rs);
                }
            } catch (SelectorException e) {
                // an invalid selector selects nothing
            }
        }
        return result;
    }

    // ---- reconcile ----

    private Result reconcile(ObjectKey key) {
        Optional<ReplicaSet> cached = informers.get(ReplicaSet.class, key);
        if (cached.isEmpty()) {
            expectations.forget(key);
            return Result.done();
        }
        ReplicaSet rs = cached.get();
        LabelSelector selector;
        try {
            selector = LabelSelector.from(rs.getSpec().getSelector());
        } catch (SelectorException e) {
            events.warning(rs, "InvalidSelector", "Invalid selector: " + e.getMessage());
            return Result.done(); // validation keeps these out; nothing to retry until the object changes
        }
        boolean needsSync = expectations.satisfied(key);
        List<Pod> active = informers.list(Pod.class, key.namespace()).stream().filter(Pods::isActive).toList();
        List<Pod> owned = claim(rs, selector, active);

        Optional<ReplicaSetSync.ManageError> error = Optional.empty();
        if (needsSync && !OwnerRefs.deleting(rs)) {
            error = manage(rs, key, owned);
        }
        Instant now = ctx.clock().instant();
        ReplicaSetStatus status = ReplicaSetSync.status(rs, owned, error, now);
        writeStatus(rs, status);
        if (error.isPresent()) {
            return Result.failed(new IllegalStateException(error.get().message()));
        }
        return ReplicaSetSync.recheckAfter(rs, status, false).<Result>map(Result::requeueAfter).orElse(Result.done());
    }

    /** Adopts and releases as {@link OwnerRefs#claim} says; returns the pods the ReplicaSet controls. */
    private List<Pod> claim(ReplicaSet rs, LabelSelector selector, List<Pod> active) {
        List<Pod> owned = new ArrayList<>();
        Boolean canAdopt = null;
        for (Pod pod : active) {
            switch (OwnerRefs.claim(rs, selector, pod)) {
                case OWNED -> owned.add(pod);
                case ADOPT -> {
                    if (canAdopt == null) {
                        canAdopt = stillTheSame(rs);
                    }
                    if (canAdopt) {
                        writes.adopt(rs, pod).ifPresent(owned::add);
                    }
                }
                case RELEASE -> writes.release(rs, pod);
                case IGNORE -> { }
            }
        }
        return owned;
    }

    /** Adoption reads the owner afresh, as Kubernetes does: the cache may still show a deleted one. */
    private boolean stillTheSame(ReplicaSet rs) {
        ReplicaSet fresh = ctx.client().apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                .withName(rs.getMetadata().getName()).get();
        return fresh != null && fresh.getMetadata().getUid().equals(rs.getMetadata().getUid())
                && !OwnerRefs.deleting(fresh);
    }

    private Optional<ReplicaSetSync.ManageError> manage(ReplicaSet rs, ObjectKey key, List<Pod> owned) {
        ReplicaSetSync.Plan plan = ReplicaSetSync.plan(ReplicaSetSync.replicas(rs), owned, related(rs, owned));
        if (plan.create() > 0) {
            expectations.expectCreations(key, plan.create());
            PodWrites.Outcome outcome = writes.createInBatches(rs, plan.create());
            for (int i = outcome.done(); i < plan.create(); i++) {
                expectations.creationObserved(key); // skipped or failed: no event will come for these
            }
            return outcome.error().map(m -> new ReplicaSetSync.ManageError("FailedCreate", m));
        }
        if (!plan.delete().isEmpty()) {
            expectations.expectDeletions(key, plan.delete().stream().map(Pods::key).toList());
            PodWrites.Outcome outcome = writes.deleteAll(rs, plan.delete(),
                    pod -> expectations.deletionObserved(key, Pods.key(pod)));
            return outcome.error().map(m -> new ReplicaSetSync.ManageError("FailedDelete", m));
        }
        return Optional.empty();
    }

    /**
     * Active pods of this ReplicaSet and of its siblings (same controlling owner), for ranking
     * scale-down by how crowded each node is.
     */
    private List<Pod> related(ReplicaSet rs, List<Pod> owned) {
        Optional<OwnerReference> parent = OwnerRefs.controllerOf(rs);
        if (parent.isEmpty()) {
            return owned;
        }
        List<Pod> related = new ArrayList<>();
        for (ReplicaSet sibling : informers.ownedBy(ReplicaSet.class, parent.get().getUid())) {
            for (Pod pod : informers.ownedBy(Pod.class, sibling.getMetadata().getUid())) {
                if (Pods.isActive(pod)) {
                    related.add(pod);
                }
            }
        }
        return related;
    }

    private void writeStatus(ReplicaSet rs, ReplicaSetStatus status) {
        if (ReplicaSetSync.same(rs.getStatus(), status)) {
            return;
        }
        var api = ctx.client().apps().replicaSets().inNamespace(rs.getMetadata().getNamespace());
        ReplicaSet copy = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder(rs).withStatus(status).build();
        try {
            api.resource(copy).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // the cache was behind: write the same status over the current object once
            ReplicaSet fresh = api.withName(rs.getMetadata().getName()).get();
            if (fresh == null || !fresh.getMetadata().getUid().equals(rs.getMetadata().getUid())) {
                return;
            }
            fresh.setStatus(status);
            api.resource(fresh).updateStatus();
            log.debug("status of {} written after a conflict", ObjectKey.of(rs));
        }
    }
}
