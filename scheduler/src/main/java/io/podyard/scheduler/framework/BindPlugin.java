package io.podyard.scheduler.framework;

import java.util.concurrent.CompletableFuture;

/**
 * Makes a placement durable, e.g. by posting a Binding to the API server. Asynchronous, so the loop
 * schedules the next pod while bindings are in flight.
 */
public interface BindPlugin extends Plugin {
    /**
     * @return {@link Status#FIT} once bound; {@link Status.Unresolvable} when the pod cannot be bound and
     *     must not be retried (it is gone, or bound elsewhere); {@link Status.Unschedulable} with the
     *     reason when it should be retried after back-off
     */
    CompletableFuture<Status> bind(PodInfo pod, String nodeName);
}
