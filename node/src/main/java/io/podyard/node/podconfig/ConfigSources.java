package io.podyard.node.podconfig;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.node.runtime.ContainerConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a pod's ConfigMaps and Secrets come from (the API server; a map in tests). Values are
 * returned as bytes, Secret data already decoded.
 */
public interface ConfigSources {
    /** The ConfigMap's data and binaryData by key, or empty when it does not exist. */
    Optional<Map<String, byte[]>> configMap(String namespace, String name);

    /** The Secret's data by key, decoded, or empty when it does not exist. */
    Optional<Map<String, byte[]>> secret(String namespace, String name);

    /**
     * The Services a container's environment may name: those of {@code namespace} and the
     * {@code kubernetes} Service of {@code default}. None unless the source knows Services.
     */
    default List<Service> services(String namespace) {
        return List.of();
    }

    /**
     * A token of the pod's ServiceAccount bound to the pod (kubelet's TokenRequest for a
     * serviceAccountToken projection); an empty audience means the API server's.
     *
     * @throws io.podyard.node.runtime.ContainerConfigException when the source cannot issue it
     */
    default String serviceAccountToken(Pod pod, String audience, long expirationSeconds) {
        throw new ContainerConfigException("failed to fetch token: this node cannot request service account tokens");
    }

    /** Reads each object from the API server when asked. */
    static ConfigSources api(KubernetesClient client) {
        return api(client, Optional.empty());
    }

    /** As {@link #api(KubernetesClient)}, with the Services from {@code cache} once it has them. */
    static ConfigSources api(KubernetesClient client, Optional<ServiceCache> cache) {
        return new ConfigSources() {
            @Override
            public Optional<Map<String, byte[]>> configMap(String namespace, String name) {
                return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get())
                        .map(ConfigSources::data);
            }

            @Override
            public Optional<Map<String, byte[]>> secret(String namespace, String name) {
                return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get())
                        .map(ConfigSources::data);
            }

            @Override
            public String serviceAccountToken(Pod pod, String audience, long expirationSeconds) {
                String account = pod.getSpec().getServiceAccountName() == null
                        || pod.getSpec().getServiceAccountName().isEmpty() ? "default" : pod.getSpec().getServiceAccountName();
                TokenRequest request = new TokenRequestBuilder().withNewSpec()
                        .withAudiences(audience == null || audience.isEmpty() ? List.of() : List.of(audience))
                        .withExpirationSeconds(expirationSeconds).withNewBoundObjectRef().withApiVersion("v1")
                        .withKind("Pod").withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                        .endBoundObjectRef().endSpec().build();
                try {
                    return client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(account)
                            .tokenRequest(request).getStatus().getToken();
                } catch (KubernetesClientException e) {
                    throw new ContainerConfigException("failed to fetch token: " + (e.getStatus() != null
                            && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()));
                }
            }

            @Override
            public List<Service> services(String namespace) {
                Optional<List<Service>> cached = cache.flatMap(c -> c.inNamespace(namespace));
                if (cached.isPresent()) {
                    List<Service> services = new ArrayList<>(cached.get());
                    if (!namespace.equals("default")) {
                        cache.get().inNamespace("default").orElseThrow().stream()
                                .filter(s -> "kubernetes".equals(s.getMetadata().getName())).forEach(services::add);
                    }
                    return services;
                }
                List<Service> services = new ArrayList<>(client.services().inNamespace(namespace).list().getItems());
                if (!namespace.equals("default")) {
                    Optional.ofNullable(client.services().inNamespace("default").withName("kubernetes").get())
                            .ifPresent(services::add);
                }
                return services;
            }
        };
    }

    static Map<String, byte[]> data(ConfigMap configMap) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (configMap.getData() != null) {
            configMap.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (configMap.getBinaryData() != null) {
            configMap.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        return data;
    }

    static Map<String, byte[]> data(Secret secret) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return data;
    }
}
