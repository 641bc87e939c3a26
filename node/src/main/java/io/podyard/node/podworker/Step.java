package io.podyard.node.podworker;

import io.podyard.node.images.PullPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** One thing a pod worker does to the node, as {@link PodSync} plans it. */
sealed interface Step {
    /** Pinned namespaces, CNI ADD, hosts/resolv.conf. */
    record CreateSandbox() implements Step {
    }

    /** Makes the container's image present per its pull policy (failures become the container's problem). */
    record PullImage(String container, String image, PullPolicy policy) implements Step {
        public PullImage {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(policy, "policy");
        }
    }

    /** Prepares volumes and env, creates and starts one attempt; skipped when the container's pull failed. */
    record StartContainer(String container, int attempt) implements Step {
        public StartContainer {
            Objects.requireNonNull(container, "container");
        }
    }

    /**
     * Stops every running container: the app containers at once (stop signal, {@code grace}, then
     * SIGKILL), then the {@code sidecars} one by one in the order given (the last started first).
     */
    record StopPod(Duration grace, List<String> sidecars) implements Step {
        public StopPod {
            Objects.requireNonNull(grace, "grace");
            sidecars = List.copyOf(sidecars);
        }
    }

    /** Stops these containers one by one, in order, each with {@code grace} (sidecars of a finished pod). */
    record StopContainers(List<String> containers, Duration grace) implements Step {
        public StopContainers {
            containers = List.copyOf(containers);
            Objects.requireNonNull(grace, "grace");
        }
    }

    /** A finished pod gives its network back (CNI DEL, netns); containers, logs and its record stay. */
    record ReleaseNetwork() implements Step {
    }

    /** Removes containers, volumes, cgroups, logs and the sandbox (CNI DEL). */
    record TearDown() implements Step {
    }

    /** Deletes the pod object with grace 0 (and its uid as precondition) once nothing of it runs. */
    record DeleteObject() implements Step {
    }
}
