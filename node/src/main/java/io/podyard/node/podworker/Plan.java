package io.podyard.node.podworker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A worker's steps for one sync, in order, and when to sync again if nothing else happens
 * (a back-off ending); empty {@code wakeAt} waits for the next event.
 */
record Plan(List<Step> steps, Optional<Instant> wakeAt) {
    Plan {
        steps = List.copyOf(steps);
    }
}
