package io.podyard.scheduler.loop;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * How the scheduling loop runs.
 *
 * @param percentageOfNodesToScore as Kubernetes' option; 0 = adaptive
 * @param maxBindsInFlight bindings sent and not yet answered before the loop waits
 * @param flushInterval how often pods whose back-off ended move back to the active queue
 */
public record SchedulerOptions(InstantSource clock, RandomGenerator random, int percentageOfNodesToScore,
        int maxBindsInFlight, Duration flushInterval) {

    public static SchedulerOptions defaults() {
        return new SchedulerOptions(InstantSource.system(), new Random(), 0, 256, Duration.ofMillis(200));
    }
}
