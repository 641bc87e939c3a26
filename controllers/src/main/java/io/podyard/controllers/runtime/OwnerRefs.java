package io.podyard.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.podyard.api.selector.LabelSelector;
import java.util.List;
import java.util.Optional;

/**
 * Controller references (the ownerReference with controller=true) and Kubernetes' claim rules
 * (ControllerRefManager): an owner keeps what it controls and still selects, adopts orphans it
 * selects, and releases what it controls but no longer selects.
 */
public final class OwnerRefs {
    private OwnerRefs() {}

    /** What an owner does with one candidate object. */
    public enum Claim {
        /** It controls the object and still selects it. */
        OWNED,
        /** An orphan it selects: becomes its controller. */
        ADOPT,
        /** It controls the object but no longer selects it: removes its reference. */
        RELEASE,
        /** Controlled by someone else, or not selected, or a party is being deleted. */
        IGNORE
    }

    public static Optional<OwnerReference> controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return Optional.empty();
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    /** The reference a controller puts on what it creates or adopts, with blockOwnerDeletion as Kubernetes sets. */
    public static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true)
                .build();
    }

    public static boolean deleting(HasMetadata object) {
        String ts = object.getMetadata().getDeletionTimestamp();
        return ts != null && !ts.isEmpty();
    }

    /** Kubernetes' ClaimObject decision for {@code candidate} by {@code owner} with {@code selector}. */
    public static Claim claim(HasMetadata owner, LabelSelector selector, HasMetadata candidate) {
        boolean selected = selector.matches(candidate.getMetadata().getLabels());
        Optional<OwnerReference> ref = controllerOf(candidate);
        if (ref.isPresent()) {
            if (!ref.get().getUid().equals(owner.getMetadata().getUid())) {
                return Claim.IGNORE;
            }
            if (selected) {
                return Claim.OWNED;
            }
            return deleting(owner) ? Claim.IGNORE : Claim.RELEASE;
        }
        if (!selected || deleting(owner) || deleting(candidate)) {
            return Claim.IGNORE;
        }
        return Claim.ADOPT;
    }
}
