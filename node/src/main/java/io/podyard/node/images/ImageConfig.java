package io.podyard.node.images;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an image says about running it: the parts of the OCI image config a container runtime needs.
 * Kubernetes' command/args replace {@code entrypoint}/{@code cmd}; env is merged under the pod's.
 *
 * @param entrypoint ENTRYPOINT, empty when unset
 * @param cmd CMD, empty when unset
 * @param env {@code NAME=value} entries, in image order
 * @param workingDir WORKDIR, empty when unset (the runtime then uses {@code /})
 * @param user USER ({@code uid}, {@code uid:gid}, {@code name}, {@code name:group}), empty when unset
 * @param exposedPorts e.g. {@code 80/tcp}
 * @param labels image labels
 * @param stopSignal STOPSIGNAL, empty when unset
 * @param platform the platform the image was built for
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
        String user, Set<String> exposedPorts, Map<String, String> labels, String stopSignal, Platform platform) {

    public ImageConfig {
        entrypoint = List.copyOf(Objects.requireNonNullElse(entrypoint, List.of()));
        cmd = List.copyOf(Objects.requireNonNullElse(cmd, List.of()));
        env = List.copyOf(Objects.requireNonNullElse(env, List.of()));
        workingDir = Objects.requireNonNullElse(workingDir, "");
        user = Objects.requireNonNullElse(user, "");
        exposedPorts = Set.copyOf(Objects.requireNonNullElse(exposedPorts, Set.of()));
        labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
        stopSignal = Objects.requireNonNullElse(stopSignal, "");
        Objects.requireNonNull(platform, "platform");
    }
}
