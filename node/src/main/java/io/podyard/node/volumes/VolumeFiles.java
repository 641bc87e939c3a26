package io.podyard.node.volumes;

import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.podyard.node.podconfig.ConfigSources;
import io.podyard.node.podconfig.PodFields;
import io.podyard.node.podconfig.ResourceFields;
import io.podyard.node.runtime.ContainerConfigException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The files of configMap, secret, downwardAPI and projected volumes (a serviceAccountToken source
 * is a token the API issues for the pod), as kubelet lays them out:
 * every key as a file (or only the listed items, at their paths), mode from the item, else
 * defaultMode, else 0644; a missing object fails with kubelet's message unless optional, then the
 * volume is empty. A listed key that does not exist fails the same way.
 */
final class VolumeFiles {
    static final int DEFAULT_MODE = 0644;
    /** A serviceAccountToken projection's default lifetime (Kubernetes': one hour). */
    static final long DEFAULT_TOKEN_SECONDS = 3600;

    private VolumeFiles() {
    }

    static List<ProjectedFile> configMap(Pod pod, ConfigMapVolumeSource source, ConfigSources sources) {
        return keyed("configmap", source.getName(), Boolean.TRUE.equals(source.getOptional()), source.getItems(),
                mode(source.getDefaultMode()), sources.configMap(namespace(pod), source.getName()));
    }

    static List<ProjectedFile> secret(Pod pod, SecretVolumeSource source, ConfigSources sources) {
        return keyed("secret", source.getSecretName(), Boolean.TRUE.equals(source.getOptional()), source.getItems(),
                mode(source.getDefaultMode()), sources.secret(namespace(pod), source.getSecretName()));
    }

    static List<ProjectedFile> downwardApi(Pod pod, List<DownwardAPIVolumeFile> items, Integer defaultMode,
                                           Map<String, Quantity> allocatable) {
        List<ProjectedFile> files = new ArrayList<>();
        for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
            String value;
            if (item.getFieldRef() != null) {
                value = PodFields.value(pod, item.getFieldRef().getFieldPath(), null, null);
            } else if (item.getResourceFieldRef() != null) {
                value = ResourceFields.value(pod, item.getResourceFieldRef(), null, allocatable);
            } else {
                throw new ContainerConfigException("downwardAPI " + item.getPath() + ": names neither fieldRef"
                        + " nor resourceFieldRef");
            }
            files.add(new ProjectedFile(item.getPath(), value.getBytes(StandardCharsets.UTF_8),
                    item.getMode() != null ? item.getMode() : mode(defaultMode)));
        }
        return files;
    }

    static List<ProjectedFile> projected(Pod pod, List<VolumeProjection> projections, Integer defaultMode,
                                         ConfigSources sources, Map<String, Quantity> allocatable) {
        List<ProjectedFile> files = new ArrayList<>();
        int mode = mode(defaultMode);
        for (VolumeProjection p : projections == null ? List.<VolumeProjection>of() : projections) {
            if (p.getConfigMap() != null) {
                ConfigMapProjection cm = p.getConfigMap();
                files.addAll(keyed("configmap", cm.getName(), Boolean.TRUE.equals(cm.getOptional()), cm.getItems(),
                        mode, sources.configMap(namespace(pod), cm.getName())));
            } else if (p.getSecret() != null) {
                SecretProjection s = p.getSecret();
                files.addAll(keyed("secret", s.getName(), Boolean.TRUE.equals(s.getOptional()), s.getItems(), mode,
                        sources.secret(namespace(pod), s.getName())));
            } else if (p.getDownwardAPI() != null) {
                files.addAll(downwardApi(pod, p.getDownwardAPI().getItems(), mode, allocatable));
            } else if (p.getServiceAccountToken() != null) {
                ServiceAccountTokenProjection token = p.getServiceAccountToken();
                long seconds = token.getExpirationSeconds() == null ? DEFAULT_TOKEN_SECONDS : token.getExpirationSeconds();
                files.add(new ProjectedFile(token.getPath(), sources.serviceAccountToken(pod, token.getAudience(), seconds)
                        .getBytes(StandardCharsets.UTF_8), mode));
            } else {
                throw new ContainerConfigException("projected volume: only configMap, secret, downwardAPI and"
                        + " serviceAccountToken sources are supported yet");
            }
        }
        return files;
    }

    private static List<ProjectedFile> keyed(String kind, String name, boolean optional, List<KeyToPath> items,
                                             int defaultMode, Optional<Map<String, byte[]>> object) {
        if (object.isEmpty()) {
            if (optional) {
                return List.of();
            }
            throw new ContainerConfigException(kind + " \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new TreeMap<>(object.get());
        List<ProjectedFile> files = new ArrayList<>();
        if (items == null || items.isEmpty()) {
            data.forEach((key, value) -> files.add(new ProjectedFile(key, value, defaultMode)));
            return files;
        }
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                if (optional) {
                    continue;
                }
                throw new ContainerConfigException("configured to use key " + item.getKey() + " of " + kind + " "
                        + name + ", but the key is missing");
            }
            files.add(new ProjectedFile(item.getPath(), value, item.getMode() != null ? item.getMode() : defaultMode));
        }
        return files;
    }

    private static int mode(Integer mode) {
        return mode == null ? DEFAULT_MODE : mode;
    }

    private static String namespace(Pod pod) {
        return pod.getMetadata().getNamespace();
    }
}
