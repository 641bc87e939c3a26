package io.podyard.node.status;

import io.fabric8.kubernetes.api.model.Container;
import java.util.Optional;

/**
 * What a container's probes say about its newest attempt: whether its startup probe has
 * succeeded and whether its readiness probe currently succeeds. Without a startup probe a running
 * container is started; without a readiness probe a started one is ready.
 */
public record ContainerHealth(boolean started, boolean ready) {
    /** Whether the running container counts as started (its startup probe, if any, succeeded). */
    public static boolean started(Container spec, Optional<ContainerHealth> health) {
        return spec.getStartupProbe() == null || health.map(ContainerHealth::started).orElse(false);
    }

    /** Whether the running container counts as ready: started, and its readiness probe (if any) succeeds. */
    public static boolean ready(Container spec, Optional<ContainerHealth> health) {
        return started(spec, health)
                && (spec.getReadinessProbe() == null || health.map(ContainerHealth::ready).orElse(false));
    }
}
