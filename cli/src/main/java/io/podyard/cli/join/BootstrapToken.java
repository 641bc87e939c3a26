package io.podyard.cli.join;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.auth.BootstrapTokens;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Makes a bootstrap token: the Secret kube-system/bootstrap-token-ID that the API server checks it against. */
public final class BootstrapToken {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private BootstrapToken() {
    }

    /** Creates a token valid for {@code ttl} from {@code now}; returns it ({@code id.secret}). */
    public static String create(KubernetesClient client, Duration ttl, Instant now, String description) {
        String id = random(6);
        String secret = random(16);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("token-id", id);
        data.put("token-secret", secret);
        data.put("expiration", now.plus(ttl).truncatedTo(ChronoUnit.SECONDS).toString());
        data.put("usage-bootstrap-authentication", "true");
        data.put("description", description);
        client.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata()
                .withName(BootstrapTokens.SECRET_PREFIX + id).endMetadata().withType(BootstrapTokens.SECRET_TYPE)
                .withStringData(data).build()).create();
        return id + "." + secret;
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
