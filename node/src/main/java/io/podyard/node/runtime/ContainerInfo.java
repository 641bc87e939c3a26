package io.podyard.node.runtime;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What the runtime knows about a container from the moment it is created; saved next to its
 * bundle so a restarted agent finds it again.
 *
 * @param id         the runtime's id: {@code <pod uid>_<container name>_<attempt>}
 * @param stopSignal the signal that asks the container to stop (the image's StopSignal, else SIGTERM)
 */
public record ContainerInfo(String id, String podUid, String podNamespace, String podName, String name, int attempt,
                            Path logPath, String stopSignal, Instant createdAt) {
    /** Container names are DNS labels, so '_' cannot appear inside the parts. */
    public static String id(String podUid, String name, int attempt) {
        return podUid + "_" + name + "_" + attempt;
    }
}
