package io.podyard.controllers.gc;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.api.resource.BuiltinResources;
import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.EventHandlers;
import io.podyard.controllers.runtime.ObjectKey;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;
import io.podyard.controllers.runtime.SharedInformers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes' garbage collector over ownerReferences: dependents whose owners are all gone are
 * deleted (background), owners deleted with the foregroundDeletion finalizer wait for their
 * blocking dependents, owners with the orphan finalizer have their references taken off their
 * dependents first. The owner graph is read from the shared informers' owner-uid indexes of every
 * built-in type but Events; an owner missing from the cache is confirmed with a live read before
 * anything is deleted, since informers of different types run apart.
 */
public final class GarbageCollector implements RunnableController {
    public static final String NAME = "garbage-collector";

    /** One object in the graph: its type, where it is and which incarnation. */
    record Node(Class<? extends HasMetadata> type, ObjectKey key, String uid) {}

    private final ControllerContext ctx;
    private final SharedInformers informers;
    private final ResourceRegistry registry = BuiltinResources.registry();
    private final List<Class<? extends HasMetadata>> monitored = new ArrayList<>();
    private final Controller<Node> loop;
    private final GcWrites writes;

    public GarbageCollector(ControllerContext ctx) {
        this.ctx = ctx;
        this.informers = ctx.informers();
        this.loop = ctx.controller(NAME, this::reconcile);
        this.writes = new GcWrites(ctx.client());
        for (ResourceType type : registry.all()) {
            if (type.kind().equals("Event")) {
                continue; // Kubernetes' collector ignores events too: many, short-lived, never owners
            }
            monitor(type.type());
        }
    }

    private <T extends HasMetadata> void monitor(Class<T> type) {
        monitored.add(type);
        informers.addHandler(type, EventHandlers.of(
                o -> changed(type, null, o),
                (old, o) -> changed(type, old, o),
                o -> deleted(o)));
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
    }

    // ---- graph events ----

    private void changed(Class<? extends HasMetadata> type, HasMetadata old, HasMetadata o) {
        var meta = o.getMetadata();
        boolean hasRefs = meta.getOwnerReferences() != null && !meta.getOwnerReferences().isEmpty();
        boolean gcFinalizer = Collector.hasFinalizer(o, Collector.FOREGROUND) || Collector.hasFinalizer(o, Collector.ORPHAN);
        if (old == null) {
            if (hasRefs || (Collector.deleting(o) && gcFinalizer)) {
                loop.enqueue(node(type, o));
            }
            return;
        }
        var was = old.getMetadata();
        if (!Objects.equals(was.getOwnerReferences(), meta.getOwnerReferences())
                || !Objects.equals(was.getDeletionTimestamp(), meta.getDeletionTimestamp())
                || !Objects.equals(was.getFinalizers(), meta.getFinalizers())) {
            loop.enqueue(node(type, o));
            if (Collector.deleting(o) && gcFinalizer) {
                dependents(meta.getUid()).forEach(d -> loop.enqueue(d));
            }
            // a dependent that started going may unblock a foreground owner
            owners(o).forEach(loop::enqueue);
        }
    }

    private void deleted(HasMetadata o) {
        dependents(o.getMetadata().getUid()).forEach(loop::enqueue);
        owners(o).forEach(loop::enqueue);
    }

    private List<Node> dependents(String uid) {
        List<Node> result = new ArrayList<>();
        for (Class<? extends HasMetadata> type : monitored) {
            for (HasMetadata d : informers.ownedBy(type, uid)) {
                result.add(node(type, d));
            }
        }
        return result;
    }

    private List<HasMetadata> dependentObjects(String uid) {
        List<HasMetadata> result = new ArrayList<>();
        for (Class<? extends HasMetadata> type : monitored) {
            result.addAll(informers.ownedBy(type, uid));
        }
        return result;
    }

    /** Cached owners of {@code o} (those of monitored types). */
    private List<Node> owners(HasMetadata o) {
        List<Node> result = new ArrayList<>();
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        if (refs == null) {
            return result;
        }
        for (OwnerReference ref : refs) {
            typeOf(ref).flatMap(t -> informers.byUid(t.type(), ref.getUid()).map(owner -> node(t.type(), owner)))
                    .ifPresent(result::add);
        }
        return result;
    }

    private Optional<ResourceType> typeOf(OwnerReference ref) {
        return registry.byKind(ref.getApiVersion(), ref.getKind()).filter(t -> monitored.contains(t.type()));
    }

    private static Node node(Class<? extends HasMetadata> type, HasMetadata o) {
        return new Node(type, ObjectKey.of(o), o.getMetadata().getUid());
    }

    // ---- reconcile ----

    private Result reconcile(Node node) {
        Optional<? extends HasMetadata> cached = informers.get(node.type(), node.key())
                .filter(o -> o.getMetadata().getUid().equals(node.uid()));
        if (cached.isEmpty()) {
            return Result.done();
        }
        HasMetadata item = cached.get();
        if (Collector.deleting(item)) {
            return ownerWork(node, item);
        }
        Map<String, Collector.Owner> owners = new HashMap<>();
        for (OwnerReference ref : item.getMetadata().getOwnerReferences() == null ? List.<OwnerReference>of()
                : item.getMetadata().getOwnerReferences()) {
            owners.put(ref.getUid(), ownerState(item, ref));
        }
        boolean hasDependents = !dependentObjects(node.uid()).isEmpty();
        switch (Collector.dependent(item, owners, hasDependents)) {
            case Collector.Verdict.Keep k -> { }
            case Collector.Verdict.RemoveReferences r -> writes.removeOwnerReferences(item, r.ownerUids());
            case Collector.Verdict.Delete d -> writes.delete(item, d.propagation());
        }
        return Result.done();
    }

    private Result ownerWork(Node node, HasMetadata owner) {
        switch (Collector.owner(owner, dependentObjects(node.uid()))) {
            case Collector.OwnerWork.Nothing n -> { }
            case Collector.OwnerWork.Orphan o -> {
                for (HasMetadata d : o.dependents()) {
                    writes.removeOwnerReferences(d, java.util.Set.of(node.uid()));
                }
                writes.removeFinalizer(owner, Collector.ORPHAN);
            }
            case Collector.OwnerWork.DeleteDependents d -> d.dependents().forEach(dep -> loop.enqueue(
                    new Node(classOf(dep), ObjectKey.of(dep), dep.getMetadata().getUid())));
            case Collector.OwnerWork.Release r -> writes.removeFinalizer(owner, Collector.FOREGROUND);
        }
        return Result.done();
    }

    @SuppressWarnings("unchecked")
    private Class<? extends HasMetadata> classOf(HasMetadata o) {
        return (Class<? extends HasMetadata>) o.getClass();
    }

    /**
     * The owner as the cache shows it, confirmed by a live read when the cache lacks it: an owner
     * created a moment ago may not have reached its informer yet. Unknown kinds count as present,
     * so nothing is deleted on a guess.
     */
    private Collector.Owner ownerState(HasMetadata dependent, OwnerReference ref) {
        Optional<ResourceType> type = registry.byKind(ref.getApiVersion(), ref.getKind());
        if (type.isEmpty()) {
            return Collector.Owner.PRESENT;
        }
        Optional<? extends HasMetadata> owner = monitored.contains(type.get().type())
                ? informers.byUid(type.get().type(), ref.getUid()) : Optional.empty();
        if (owner.isEmpty()) {
            String ns = type.get().namespaced() ? dependent.getMetadata().getNamespace() : null;
            owner = writes.get(type.get().type(), ns, ref.getName())
                    .filter(o -> o.getMetadata().getUid().equals(ref.getUid()));
        }
        if (owner.isEmpty()) {
            return Collector.Owner.ABSENT;
        }
        HasMetadata o = owner.get();
        return Collector.deleting(o) && Collector.hasFinalizer(o, Collector.FOREGROUND)
                ? Collector.Owner.WAITING_FOR_DEPENDENTS : Collector.Owner.PRESENT;
    }

    static DeletionPropagation policy(Collector.Propagation p) {
        return switch (p) {
            case BACKGROUND -> DeletionPropagation.BACKGROUND;
            case FOREGROUND -> DeletionPropagation.FOREGROUND;
            case ORPHAN -> DeletionPropagation.ORPHAN;
        };
    }

    static boolean notFound(KubernetesClientException e) {
        return e.getCode() == 404;
    }
}
