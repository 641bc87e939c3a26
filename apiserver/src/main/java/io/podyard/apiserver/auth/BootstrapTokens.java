package io.podyard.apiserver.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes' bootstrap token authenticator: a bearer token {@code <id>.<secret>} (6 and 16 of
 * [a-z0-9]) is valid while the Secret {@code kube-system/bootstrap-token-<id>} of type
 * {@code bootstrap.kubernetes.io/token} holds that secret, allows authentication and has not
 * expired. Its user is {@code system:bootstrap:<id>} in {@code system:bootstrappers} plus the
 * Secret's {@code auth-extra-groups} (each must start with {@code system:bootstrappers:}).
 * Answers are remembered for a few seconds, so a flood of guesses costs no store reads and a
 * deleted or expired token stops working within that time.
 */
public final class BootstrapTokens {
    public static final String GROUP = "system:bootstrappers";
    public static final String USER_PREFIX = "system:bootstrap:";
    public static final String SECRET_TYPE = "bootstrap.kubernetes.io/token";
    public static final String SECRET_PREFIX = "bootstrap-token-";
    private static final Pattern TOKEN = Pattern.compile("([a-z0-9]{6})\\.([a-z0-9]{16})");
    private static final Duration REMEMBER = Duration.ofSeconds(5);
    private static final int MAX_REMEMBERED = 10_000;

    /** A Secret's type and decoded data, as the authenticator needs them. */
    public record TokenSecret(String type, Map<String, String> data) {
    }

    private record Answer(Optional<User> user, Instant until) {
    }

    private final Function<String, Optional<TokenSecret>> secrets;
    private final InstantSource clock;
    private final Map<String, Answer> remembered = new ConcurrentHashMap<>();

    /** @param secrets the kube-system Secret of this name, if there is one */
    public BootstrapTokens(Function<String, Optional<TokenSecret>> secrets, InstantSource clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Whether the text has a bootstrap token's shape (other bearer tokens are not looked up). */
    public static boolean looksLikeToken(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    public Optional<User> authenticate(String token) {
        Matcher m = token == null ? null : TOKEN.matcher(token);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Answer answer = remembered.get(token);
        if (answer == null || !now.isBefore(answer.until())) {
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            answer = new Answer(check(m.group(1), m.group(2), now), now.plus(REMEMBER));
            remembered.put(token, answer);
        }
        return answer.user();
    }

    private Optional<User> check(String id, String secret, Instant now) {
        Optional<TokenSecret> found = secrets.apply(SECRET_PREFIX + id);
        if (found.isEmpty() || !SECRET_TYPE.equals(found.get().type())) {
            return Optional.empty();
        }
        Map<String, String> data = found.get().data();
        if (!id.equals(data.get("token-id")) || !"true".equals(data.get("usage-bootstrap-authentication"))
                || !MessageDigest.isEqual(secret.getBytes(UTF_8), data.getOrDefault("token-secret", "").getBytes(UTF_8))) {
            return Optional.empty();
        }
        String expiration = data.get("expiration");
        if (expiration != null) {
            try {
                if (!now.isBefore(Instant.parse(expiration))) {
                    return Optional.empty();
                }
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        List<String> groups = new ArrayList<>(List.of(GROUP));
        for (String extra : data.getOrDefault("auth-extra-groups", "").split(",")) {
            String group = extra.strip();
            if (group.isEmpty()) {
                continue;
            }
            if (!group.startsWith(GROUP + ":")) {
                return Optional.empty(); // Kubernetes refuses the whole token
            }
            groups.add(group);
        }
        groups.add("system:authenticated");
        return Optional.of(new User(USER_PREFIX + id, groups));
    }

    /** Decodes a Secret's base64 data values. */
    public static Map<String, String> decode(Map<String, String> data) {
        Map<String, String> decoded = new java.util.HashMap<>();
        data.forEach((k, v) -> {
            try {
                decoded.put(k, new String(Base64.getDecoder().decode(v), UTF_8));
            } catch (IllegalArgumentException e) {
                // not base64: left out, so the token fails its checks
            }
        });
        return decoded;
    }
}
