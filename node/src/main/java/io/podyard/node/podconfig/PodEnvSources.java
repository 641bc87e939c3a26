package io.podyard.node.podconfig;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.podyard.node.runtime.ContainerConfigException;
import io.podyard.node.runtime.EnvSources;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * valueFrom and envFrom for one pod, as kubelet resolves them: a missing ConfigMap, Secret or key
 * is a {@link ContainerConfigException} (CreateContainerConfigError) unless marked optional.
 */
public final class PodEnvSources implements EnvSources {
    private final Pod pod;
    private final ConfigSources sources;
    private final String container;
    private final Supplier<String> podIp;
    private final String hostIp;
    private final Map<String, Quantity> allocatable;

    /**
     * @param container   the container whose environment this is (what a resourceFieldRef without
     *                    containerName means)
     * @param podIp       the pod's address, asked only for a fieldRef to status.podIP(s): it may
     *                    wait for the sandbox's network
     * @param allocatable the node's allocatable, which unset limits read as
     */
    public PodEnvSources(Pod pod, String container, ConfigSources sources, Supplier<String> podIp, String hostIp,
                         Map<String, Quantity> allocatable) {
        this.pod = pod;
        this.container = container;
        this.sources = sources;
        this.podIp = podIp;
        this.hostIp = hostIp;
        this.allocatable = allocatable;
    }

    @Override
    public Optional<String> valueFrom(EnvVar variable) {
        EnvVarSource from = variable.getValueFrom();
        if (from.getFieldRef() != null) {
            String path = from.getFieldRef().getFieldPath();
            return Optional.of(PodFields.value(pod, path, PodFields.needsPodIp(path) ? podIp.get() : null, hostIp));
        }
        if (from.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = from.getConfigMapKeyRef();
            return key("configmap", ref.getName(), ref.getKey(), Boolean.TRUE.equals(ref.getOptional()),
                    sources.configMap(namespace(), ref.getName()));
        }
        if (from.getSecretKeyRef() != null) {
            SecretKeySelector ref = from.getSecretKeyRef();
            return key("secret", ref.getName(), ref.getKey(), Boolean.TRUE.equals(ref.getOptional()),
                    sources.secret(namespace(), ref.getName()));
        }
        if (from.getResourceFieldRef() != null) {
            return Optional.of(ResourceFields.value(pod, from.getResourceFieldRef(), container, allocatable));
        }
        throw new ContainerConfigException("environment variable " + variable.getName()
                + ": valueFrom names no source");
    }

    private static Optional<String> key(String kind, String name, String key, boolean optional,
                                        Optional<Map<String, byte[]>> object) {
        if (object.isEmpty()) {
            if (optional) {
                return Optional.empty();
            }
            throw new ContainerConfigException(kind + " \"" + name + "\" not found");
        }
        byte[] value = object.get().get(key);
        if (value == null) {
            if (optional) {
                return Optional.empty();
            }
            throw new ContainerConfigException("couldn't find key " + key + " in " + kind + " " + name);
        }
        return Optional.of(new String(value, StandardCharsets.UTF_8));
    }

    @Override
    public Map<String, String> envFrom(EnvFromSource source) {
        String kind;
        String name;
        boolean optional;
        Optional<Map<String, byte[]>> object;
        if (source.getConfigMapRef() != null) {
            kind = "configmap";
            name = source.getConfigMapRef().getName();
            optional = Boolean.TRUE.equals(source.getConfigMapRef().getOptional());
            object = sources.configMap(namespace(), name);
        } else if (source.getSecretRef() != null) {
            kind = "secret";
            name = source.getSecretRef().getName();
            optional = Boolean.TRUE.equals(source.getSecretRef().getOptional());
            object = sources.secret(namespace(), name);
        } else {
            return Map.of();
        }
        if (object.isEmpty()) {
            if (optional) {
                return Map.of();
            }
            throw new ContainerConfigException(kind + " \"" + name + "\" not found");
        }
        Map<String, String> values = new LinkedHashMap<>();
        object.get().forEach((k, v) -> values.put(k, new String(v, StandardCharsets.UTF_8)));
        return values;
    }

    private String namespace() {
        return pod.getMetadata().getNamespace();
    }
}
