package io.podyard.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The garbage collector's pure decisions (Kubernetes' attemptToDeleteItem and
 * processDeletingDependentsItem): what to do with a dependent given the state of its owners, and
 * with an owner being deleted in the foreground or with orphaning.
 */
public final class Collector {
    public static final String FOREGROUND = "foregroundDeletion";
    public static final String ORPHAN = "orphan";

    private Collector() {}

    /** What the collector found for one owner reference. */
    public enum Owner {
        /** Exists with the referenced uid and is not deleting its dependents first. */
        PRESENT,
        /** Gone, or replaced by an object with another uid. */
        ABSENT,
        /** Being deleted in the foreground: waits for its dependents to go. */
        WAITING_FOR_DEPENDENTS
    }

    /** How a delete propagates to the deleted object's own dependents. */
    public enum Propagation { BACKGROUND, FOREGROUND, ORPHAN }

    /** The verdict on a dependent. */
    public sealed interface Verdict {
        record Keep() implements Verdict {}

        /** Some owners are gone but a live one remains: drop the references to the others. */
        record RemoveReferences(Set<String> ownerUids) implements Verdict {}

        record Delete(Propagation propagation) implements Verdict {}
    }

    /**
     * @param owners the state of each owner, by uid
     * @param hasDependents whether the item itself owns anything
     */
    public static Verdict dependent(HasMetadata item, Map<String, Owner> owners, boolean hasDependents) {
        if (deleting(item)) {
            return new Verdict.Keep(); // on its way; a foreground owner is handled by owner()
        }
        List<OwnerReference> refs = item.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return new Verdict.Keep();
        }
        boolean solid = false;
        Set<String> drop = new LinkedHashSet<>();
        boolean waiting = false;
        for (OwnerReference ref : refs) {
            switch (owners.getOrDefault(ref.getUid(), Owner.PRESENT)) {
                case PRESENT -> solid = true;
                case ABSENT -> drop.add(ref.getUid());
                case WAITING_FOR_DEPENDENTS -> {
                    waiting = true;
                    drop.add(ref.getUid());
                }
            }
        }
        if (solid) {
            return drop.isEmpty() ? new Verdict.Keep() : new Verdict.RemoveReferences(drop);
        }
        if (waiting && hasDependents) {
            return new Verdict.Delete(Propagation.FOREGROUND); // its own dependents go first, then it, then the owner
        }
        if (hasFinalizer(item, ORPHAN)) {
            return new Verdict.Delete(Propagation.ORPHAN);
        }
        if (hasFinalizer(item, FOREGROUND)) {
            return new Verdict.Delete(Propagation.FOREGROUND);
        }
        return new Verdict.Delete(Propagation.BACKGROUND);
    }

    /** The work for an owner that is being deleted. */
    public sealed interface OwnerWork {
        record Nothing() implements OwnerWork {}

        /** Take the owner's reference off these dependents, then drop the orphan finalizer. */
        record Orphan(List<HasMetadata> dependents) implements OwnerWork {}

        /** Foreground: these dependents must be deleted (those not already going) before the owner. */
        record DeleteDependents(List<HasMetadata> dependents) implements OwnerWork {}

        /** Foreground and no dependent blocks any more: drop the foregroundDeletion finalizer. */
        record Release() implements OwnerWork {}
    }

    public static OwnerWork owner(HasMetadata owner, List<HasMetadata> dependents) {
        if (!deleting(owner)) {
            return new OwnerWork.Nothing();
        }
        if (hasFinalizer(owner, ORPHAN)) {
            return new OwnerWork.Orphan(dependents);
        }
        if (hasFinalizer(owner, FOREGROUND)) {
            String uid = owner.getMetadata().getUid();
            boolean blocked = dependents.stream().anyMatch(d -> d.getMetadata().getOwnerReferences().stream()
                    .anyMatch(r -> uid.equals(r.getUid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion())));
            if (!blocked) {
                return new OwnerWork.Release();
            }
            return new OwnerWork.DeleteDependents(dependents.stream().filter(d -> !deleting(d)).toList());
        }
        return new OwnerWork.Nothing();
    }

    static boolean deleting(HasMetadata o) {
        String ts = o.getMetadata().getDeletionTimestamp();
        return ts != null && !ts.isEmpty();
    }

    static boolean hasFinalizer(HasMetadata o, String finalizer) {
        List<String> f = o.getMetadata().getFinalizers();
        return f != null && f.contains(finalizer);
    }
}
