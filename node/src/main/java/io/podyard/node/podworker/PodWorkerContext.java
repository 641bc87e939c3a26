package io.podyard.node.podworker;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.node.images.ImageService;
import io.podyard.node.podconfig.ConfigSources;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.runtime.PodRuntime;
import io.podyard.node.sandbox.PodSandboxes;
import io.podyard.node.volumes.PodVolumes;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What every pod worker of a node uses: the API, the node's runtime parts and its identity.
 *
 * @param hostIp      the node's InternalIP, reported as each pod's hostIP
 * @param allocatable the node's allocatable resources (the downward API's value of an unset limit)
 */
public record PodWorkerContext(KubernetesClient client, PodSandboxes sandboxes, ContainerRuntime containers,
                               ImageService images, PodVolumes volumes, ConfigSources configSources, String nodeName,
                               String hostIp, Map<String, Quantity> allocatable, Clock clock) {
    public PodWorkerContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(sandboxes, "sandboxes");
        Objects.requireNonNull(containers, "containers");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(volumes, "volumes");
        Objects.requireNonNull(configSources, "configSources");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(hostIp, "hostIp");
        allocatable = Map.copyOf(allocatable);
        Objects.requireNonNull(clock, "clock");
    }

    PodRuntime pods() {
        return new PodRuntime(sandboxes, containers);
    }
}
