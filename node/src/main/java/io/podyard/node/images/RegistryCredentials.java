package io.podyard.node.images;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials per registry, as the node agent gets them from a pod's imagePullSecrets. Keys are
 * registry hosts as users write them in {@code .dockerconfigjson} ({@code myregistry:5000},
 * {@code https://index.docker.io/v1/}); they are normalised so any Docker Hub spelling matches
 * {@code docker.io}.
 */
public record RegistryCredentials(Map<String, Credential> byRegistry) {
    public static final RegistryCredentials NONE = new RegistryCredentials(Map.of());

    /** A user name and password (or token) for one registry; never printed. */
    public record Credential(String username, String password) {
        public Credential {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credential[username=" + username + ", password=***]";
        }
    }

    public RegistryCredentials {
        Map<String, Credential> normalised = new HashMap<>();
        Objects.requireNonNull(byRegistry, "byRegistry").forEach((registry, credential) ->
                normalised.put(normalise(registry), Objects.requireNonNull(credential, "credential")));
        byRegistry = Map.copyOf(normalised);
    }

    public static RegistryCredentials of(String registry, String username, String password) {
        return new RegistryCredentials(Map.of(registry, new Credential(username, password)));
    }

    /** The credential for a reference's registry ({@link ImageReference#domain()}), if any. */
    public Optional<Credential> forRegistry(String domain) {
        return Optional.ofNullable(byRegistry.get(normalise(domain)));
    }

    static String normalise(String registry) {
        String host = registry.trim();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> ImageReference.DOCKER_HUB;
            default -> host;
        };
    }
}
