package io.podyard.node.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A directory or file of the node bind-mounted into a container; the volume code (emptyDir,
 * configMap, hostPath, …) prepares {@code hostPath} and says where it goes.
 */
public record VolumeMount(Path hostPath, String containerPath, boolean readOnly) {
    public VolumeMount {
        Objects.requireNonNull(hostPath, "hostPath");
        if (containerPath == null || !containerPath.startsWith("/")) {
            throw new ContainerConfigException("a volume's container path must be absolute: " + containerPath);
        }
        for (String part : containerPath.split("/")) {
            if (part.equals("..")) {
                throw new ContainerConfigException("a volume's container path must not contain '..': "
                        + containerPath);
            }
        }
    }
}
