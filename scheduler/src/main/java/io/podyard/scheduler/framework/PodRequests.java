package io.podyard.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * What a pod asks of a node, as Kubernetes' resource.PodRequests: the sum of the regular containers
 * and the sidecars (init containers with restartPolicy Always, which keep running), or the largest
 * single init step if that is more — an init container runs beside the sidecars started before it.
 * Pod overhead is added on top.
 */
public final class PodRequests {
    /** Scoring counts a container without a cpu request as asking for this much (100m), as Kubernetes. */
    public static final long DEFAULT_MILLI_CPU = 100;
    /** ... and one without a memory request as asking for 200 MiB. */
    public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private PodRequests() {
    }

    /** The requests the fit check compares with allocatable. */
    public static Resources of(PodSpec spec) {
        return compute(spec, false);
    }

    /** The requests scoring uses: cpu and memory never zero per container. */
    public static Resources nonZero(PodSpec spec) {
        return compute(spec, true);
    }

    private static Resources compute(PodSpec spec, boolean nonZero) {
        Resources regular = Resources.NONE;
        for (Container container : list(spec.getContainers())) {
            regular = regular.plus(container(container, nonZero));
        }
        Resources sidecars = Resources.NONE;
        Resources initPeak = Resources.NONE;
        for (Container container : list(spec.getInitContainers())) {
            Resources own = container(container, nonZero);
            Resources step;
            if ("Always".equals(container.getRestartPolicy())) {
                regular = regular.plus(own);
                sidecars = sidecars.plus(own);
                step = sidecars;
            } else {
                step = own.plus(sidecars);
            }
            initPeak = initPeak.max(step);
        }
        Resources total = regular.max(initPeak);
        Map<String, Quantity> overhead = spec.getOverhead();
        return overhead == null || overhead.isEmpty() ? total : total.plus(Resources.of(overhead));
    }

    private static Resources container(Container container, boolean nonZero) {
        Map<String, Quantity> requests = container.getResources() == null ? null : container.getResources().getRequests();
        Resources own = Resources.of(requests);
        if (!nonZero) {
            return own;
        }
        boolean hasCpu = requests != null && requests.containsKey(Resources.CPU);
        boolean hasMemory = requests != null && requests.containsKey(Resources.MEMORY);
        return new Resources(hasCpu ? own.milliCpu() : DEFAULT_MILLI_CPU, hasMemory ? own.memory() : DEFAULT_MEMORY,
                own.ephemeralStorage(), own.scalar());
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }
}
