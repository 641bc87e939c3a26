package io.podyard.node.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** Which API objects a pod's volumes show: what tells the node that a changed ConfigMap or Secret concerns a pod. */
public final class VolumeSources {
    /** The kinds of object a volume's files can come from. */
    public enum Kind { CONFIG_MAP, SECRET }

    /** The oldest a service account token in a volume gets (kubelet's token manager). */
    private static final Duration MAX_TOKEN_AGE = Duration.ofHours(24);

    private VolumeSources() {
    }

    /** Whether one of the pod's volumes (projected ones included) shows the object {@code name} of this kind. */
    public static boolean references(Pod pod, Kind kind, String name) {
        for (Volume volume : volumes(pod)) {
            if (kind == Kind.CONFIG_MAP && volume.getConfigMap() != null
                    && Objects.equals(volume.getConfigMap().getName(), name)) {
                return true;
            }
            if (kind == Kind.SECRET && volume.getSecret() != null
                    && Objects.equals(volume.getSecret().getSecretName(), name)) {
                return true;
            }
            if (volume.getProjected() != null && volume.getProjected().getSources() != null) {
                for (VolumeProjection source : volume.getProjected().getSources()) {
                    if (kind == Kind.CONFIG_MAP && source.getConfigMap() != null
                            && Objects.equals(source.getConfigMap().getName(), name)
                            || kind == Kind.SECRET && source.getSecret() != null
                            && Objects.equals(source.getSecret().getName(), name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the pod shows its own metadata in a volume (a downwardAPI volume or projection). */
    public static boolean showsMetadata(Pod pod) {
        return volumes(pod).stream().anyMatch(v -> v.getDownwardAPI() != null || v.getProjected() != null
                && v.getProjected().getSources() != null
                && v.getProjected().getSources().stream().anyMatch(s -> s.getDownwardAPI() != null));
    }

    /**
     * The shortest lifetime (seconds) of the service account tokens the pod's projected volumes hold,
     * or empty when it has none.
     */
    public static OptionalLong tokenLifetime(Pod pod) {
        return volumes(pod).stream().filter(v -> v.getProjected() != null && v.getProjected().getSources() != null)
                .flatMap(v -> v.getProjected().getSources().stream())
                .filter(source -> source.getServiceAccountToken() != null)
                .mapToLong(source -> source.getServiceAccountToken().getExpirationSeconds() == null
                        ? VolumeFiles.DEFAULT_TOKEN_SECONDS : source.getServiceAccountToken().getExpirationSeconds())
                .min();
    }

    /**
     * When a token written at {@code written} for {@code lifetimeSeconds} is to be replaced: as
     * kubelet's token manager, at 80% of its lifetime, and at least daily.
     */
    public static Instant tokenRefreshAt(Instant written, long lifetimeSeconds) {
        return written.plus(Duration.ofSeconds(Math.min(lifetimeSeconds * 8 / 10, MAX_TOKEN_AGE.toSeconds())));
    }

    private static List<Volume> volumes(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    }
}
