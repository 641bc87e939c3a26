package io.podyard.controllers.runtime;

import java.time.Duration;
import java.util.Objects;

/** What one reconcile of a key came to; the controller's queue acts on it. */
public sealed interface Result {
    /** The key is at its desired state: its back-off is forgotten. */
    record Done() implements Result {}

    /** Look again after {@code delay} (e.g. when minReadySeconds runs out); not a failure. */
    record RequeueAfter(Duration delay) implements Result {
        public RequeueAfter {
            Objects.requireNonNull(delay);
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative requeue delay: " + delay);
            }
        }
    }

    /** The reconcile failed: the key is retried with its per-key exponential back-off. */
    record Failed(Throwable cause) implements Result {
        public Failed {
            Objects.requireNonNull(cause);
        }
    }

    Result DONE = new Done();

    static Result done() {
        return DONE;
    }

    static Result requeueAfter(Duration delay) {
        return new RequeueAfter(delay);
    }

    static Result failed(Throwable cause) {
        return new Failed(cause);
    }

    /** The sooner of two requeues; Failed wins over everything, Done loses to everything. */
    default Result and(Result other) {
        return switch (this) {
            case Failed f -> f;
            case Done d -> other;
            case RequeueAfter r -> switch (other) {
                case Failed f -> f;
                case Done d -> r;
                case RequeueAfter o -> o.delay().compareTo(r.delay()) < 0 ? o : r;
            };
        };
    }
}
