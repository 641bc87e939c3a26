package io.podyard.controllers.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * What a candidate does with the Lease it read, as client-go's leaderelection decides it. Expiry is
 * judged by the candidate's own clock from when it last saw the lease record change (not from the
 * holder's renewTime), so clock skew between machines cannot make two leaders.
 */
public sealed interface LeaseDecision {
    /** Nobody holds it, or the holder let it expire: take it (a new transition). */
    record Acquire() implements LeaseDecision {}

    /** We hold it: renew. */
    record Renew() implements LeaseDecision {}

    /** Someone else holds a live lease until at least {@code until}. */
    record Wait(String holder, Instant until) implements LeaseDecision {}

    /**
     * @param spec the lease as read
     * @param identity this candidate
     * @param now this candidate's clock
     * @param observedAt when this candidate first saw the lease record as it is now
     */
    static LeaseDecision decide(LeaseSpec spec, String identity, Instant now, Instant observedAt) {
        String holder = spec.getHolderIdentity();
        if (holder == null || holder.isEmpty()) {
            return new Acquire();
        }
        if (holder.equals(identity)) {
            return new Renew();
        }
        int seconds = spec.getLeaseDurationSeconds() == null ? 0 : spec.getLeaseDurationSeconds();
        Instant until = observedAt.plus(Duration.ofSeconds(seconds));
        return until.isAfter(now) ? new Wait(holder, until) : new Acquire();
    }
}
