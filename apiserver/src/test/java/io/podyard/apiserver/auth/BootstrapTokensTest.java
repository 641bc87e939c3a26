package io.podyard.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BootstrapTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String TOKEN = "abcdef.0123456789abcdef";

    private static Map<String, String> valid() {
        Map<String, String> data = new HashMap<>();
        data.put("token-id", "abcdef");
        data.put("token-secret", "0123456789abcdef");
        data.put("usage-bootstrap-authentication", "true");
        data.put("expiration", "2026-11-26T12:00:00Z");
        return data;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> data = valid();
        if (value == null) {
            data.remove(key);
        } else {
            data.put(key, value);
        }
        return data;
    }

    static Stream<Arguments> cases() {
        List<String> bootstrappers = List.of("system:bootstrappers", "system:authenticated");
        return Stream.of(
                Arguments.of("valid", TOKEN, BootstrapTokens.SECRET_TYPE, valid(), bootstrappers),
                Arguments.of("no expiration", TOKEN, BootstrapTokens.SECRET_TYPE, with("expiration", null), bootstrappers),
                Arguments.of("extra groups", TOKEN, BootstrapTokens.SECRET_TYPE,
                        with("auth-extra-groups", "system:bootstrappers:workers"),
                        List.of("system:bootstrappers", "system:bootstrappers:workers", "system:authenticated")),
                Arguments.of("an extra group outside system:bootstrappers", TOKEN, BootstrapTokens.SECRET_TYPE,
                        with("auth-extra-groups", "system:masters"), null),
                Arguments.of("wrong secret", "abcdef.ffffffffffffffff", BootstrapTokens.SECRET_TYPE, valid(), null),
                Arguments.of("expired", TOKEN, BootstrapTokens.SECRET_TYPE, with("expiration", "2026-11-25T11:59:59Z"),
                        null),
                Arguments.of("garbled expiration", TOKEN, BootstrapTokens.SECRET_TYPE, with("expiration", "tomorrow"),
                        null),
                Arguments.of("not for authentication", TOKEN, BootstrapTokens.SECRET_TYPE,
                        with("usage-bootstrap-authentication", null), null),
                Arguments.of("an Opaque secret", TOKEN, "Opaque", valid(), null),
                Arguments.of("id mismatch", TOKEN, BootstrapTokens.SECRET_TYPE, with("token-id", "zzzzzz"), null),
                Arguments.of("not a token's shape", "ABCDEF.0123456789abcdef", BootstrapTokens.SECRET_TYPE, valid(), null),
                Arguments.of("too short", "abcdef.0123", BootstrapTokens.SECRET_TYPE, valid(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void authenticatesAsKubernetes(String name, String token, String type, Map<String, String> data,
                                   List<String> groups) {
        BootstrapTokens tokens = new BootstrapTokens(secret -> secret.equals("bootstrap-token-abcdef")
                ? Optional.of(new BootstrapTokens.TokenSecret(type, data)) : Optional.empty(), InstantSource.fixed(NOW));

        Optional<User> user = tokens.authenticate(token);

        if (groups == null) {
            assertThat(user).isEmpty();
        } else {
            assertThat(user).contains(new User("system:bootstrap:abcdef", groups));
        }
    }
}
