package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One container to create in a pod's sandbox.
 *
 * @param attempt     the restart count; each attempt is its own container with its own log file
 * @param imageLayers the image's unpacked layers, base layer first (the manifest's order)
 * @param volumes     prepared volumes to bind-mount
 * @param envSources  resolves valueFrom and envFrom
 * @param serviceEnv  service link variables ({@code <SVC>_SERVICE_HOST}…), empty when disabled
 */
public record ContainerRequest(Pod pod, Container container, int attempt, ImageConfig image, List<Path> imageLayers,
                               Sandbox sandbox, List<VolumeMount> volumes, EnvSources envSources,
                               Map<String, String> serviceEnv) {
    public ContainerRequest {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(sandbox, "sandbox");
        imageLayers = List.copyOf(imageLayers);
        volumes = List.copyOf(volumes);
        Objects.requireNonNull(envSources, "envSources");
        serviceEnv = Map.copyOf(serviceEnv);
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative");
        }
    }

    /** A request with no volumes, env sources or service variables. */
    public static ContainerRequest of(Pod pod, Container container, int attempt, ImageConfig image,
                                      List<Path> imageLayers, Sandbox sandbox) {
        return new ContainerRequest(pod, container, attempt, image, imageLayers, sandbox, List.of(), EnvSources.NONE,
                Map.of());
    }
}
