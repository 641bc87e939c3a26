package io.podyard.node.podworker;

import io.fabric8.kubernetes.api.model.PodStatus;
import io.podyard.node.status.ContainerProblem;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What a pod worker remembers between syncs that the runtime does not keep. Used by its thread only. */
final class WorkerMemory {
    final Instant firstSeen;
    final Map<String, ContainerProblem> problems = new HashMap<>();
    final Map<String, String> imageIds = new HashMap<>();
    /** By container id: the termination message of an exited attempt (read once). */
    final Map<String, String> terminationMessages = new HashMap<>();
    Optional<String> sandboxProblem = Optional.empty();
    /** Why the node evicted the pod (its containers are stopped for good and it is Failed), if it did. */
    Optional<String> evicted = Optional.empty();
    Instant storageCheckedAt;
    PodStatus lastWritten;
    int syncFailures;

    WorkerMemory(Instant firstSeen) {
        this.firstSeen = firstSeen;
    }
}
