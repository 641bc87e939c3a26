package io.podyard.scheduler.framework;

import java.util.List;

/**
 * A plugin's verdict on one pod (pre-filter) or one pod-node pair (filter), as the scheduler
 * framework's Status codes: fit, unschedulable (another node state might help, e.g. after a pod
 * leaves), unresolvable (nothing short of changing the node or the pod helps), or skip (a pre-filter
 * saying its filter has nothing to check for this pod).
 */
public sealed interface Status {
    Status FIT = new Fit();
    Status SKIP = new Skip();

    /** The reasons a user reads; empty when the node fits. */
    default List<String> reasons() {
        return List.of();
    }

    default boolean isFit() {
        return this instanceof Fit;
    }

    static Status unschedulable(String reason) {
        return new Unschedulable(List.of(reason));
    }

    static Status unresolvable(String reason) {
        return new Unresolvable(List.of(reason));
    }

    record Fit() implements Status {
    }

    record Skip() implements Status {
    }

    record Unschedulable(List<String> reasons) implements Status {
        public Unschedulable {
            reasons = List.copyOf(reasons);
        }
    }

    record Unresolvable(List<String> reasons) implements Status {
        public Unresolvable {
            reasons = List.copyOf(reasons);
        }
    }
}
