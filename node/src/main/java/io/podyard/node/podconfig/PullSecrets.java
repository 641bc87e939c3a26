package io.podyard.node.podconfig;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.images.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pod's imagePullSecrets as registry credentials: {@code .dockerconfigjson} ({"auths": {host:
 * {username, password | auth}}}) and the older {@code .dockercfg} ({host: {…}}). Missing secrets
 * are skipped, as kubelet does (it only logs them).
 */
public final class PullSecrets {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PullSecrets() {
    }

    public static RegistryCredentials of(Pod pod, ConfigSources sources) {
        List<LocalObjectReference> refs = pod.getSpec().getImagePullSecrets();
        if (refs == null || refs.isEmpty()) {
            return RegistryCredentials.NONE;
        }
        Map<String, RegistryCredentials.Credential> credentials = new HashMap<>();
        for (LocalObjectReference ref : refs) {
            Optional<Map<String, byte[]>> secret = sources.secret(pod.getMetadata().getNamespace(), ref.getName());
            secret.ifPresent(data -> credentials.putAll(parse(data)));
        }
        return new RegistryCredentials(credentials);
    }

    /** The credentials a docker config secret's data holds; unreadable entries are skipped. */
    static Map<String, RegistryCredentials.Credential> parse(Map<String, byte[]> data) {
        Map<String, RegistryCredentials.Credential> out = new HashMap<>();
        JsonNode auths = null;
        if (data.containsKey(".dockerconfigjson")) {
            auths = JSON.readTree(data.get(".dockerconfigjson")).path("auths");
        } else if (data.containsKey(".dockercfg")) {
            auths = JSON.readTree(data.get(".dockercfg"));
        }
        if (auths == null || !auths.isObject()) {
            return out;
        }
        for (var entry : auths.properties()) {
            credential(entry.getValue()).ifPresent(c -> out.put(entry.getKey(), c));
        }
        return out;
    }

    private static Optional<RegistryCredentials.Credential> credential(JsonNode entry) {
        String user = entry.path("username").asString("");
        String password = entry.path("password").asString("");
        String auth = entry.path("auth").asString("");
        if (user.isEmpty() && !auth.isEmpty()) {
            String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            user = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        return user.isEmpty() ? Optional.empty() : Optional.of(new RegistryCredentials.Credential(user, password));
    }
}
