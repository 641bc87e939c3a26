package io.podyard.scheduler.framework;

import java.util.Set;

/**
 * The cluster events after which a pod this plugin rejected may fit, as Kubernetes' EventsToRegister.
 * A plugin that rejects pods and does not implement this never has its rejections retried by events
 * (only by the queue's periodic flush of long-waiting pods).
 */
public interface EnqueueExtensions extends Plugin {
    Set<ClusterEvent> requeueOn();
}
