package io.podyard.node.images.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthChallengeTest {

    static Stream<Arguments> headers() {
        return Stream.of(
                arguments("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                                + "scope=\"repository:library/busybox:pull\"",
                        List.of(new AuthChallenge("bearer", Map.of("realm", "https://auth.docker.io/token",
                                "service", "registry.docker.io", "scope", "repository:library/busybox:pull")))),
                arguments("Basic realm=\"Registry Realm\"",
                        List.of(new AuthChallenge("basic", Map.of("realm", "Registry Realm")))),
                arguments("BEARER Realm=x, Service = \"y\"",
                        List.of(new AuthChallenge("bearer", Map.of("realm", "x", "service", "y")))),
                arguments("Bearer scope=\"repository:a:pull,push\",realm=\"r\"",
                        List.of(new AuthChallenge("bearer", Map.of("scope", "repository:a:pull,push", "realm", "r")))),
                arguments("Basic realm=\"a\", Bearer realm=\"b\",service=\"c\"",
                        List.of(new AuthChallenge("basic", Map.of("realm", "a")),
                                new AuthChallenge("bearer", Map.of("realm", "b", "service", "c")))),
                arguments("Bearer realm=\"with \\\"quotes\\\" inside\"",
                        List.of(new AuthChallenge("bearer", Map.of("realm", "with \"quotes\" inside")))),
                arguments("Negotiate", List.of(new AuthChallenge("negotiate", Map.of()))),
                arguments("", List.of()),
                arguments(null, List.of()));
    }

    @ParameterizedTest
    @MethodSource("headers")
    void parsesChallenges(String header, List<AuthChallenge> expected) {
        assertThat(AuthChallenge.parse(header)).isEqualTo(expected);
    }
}
