package io.podyard.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceAccountTokensTest {
    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final ServiceAccountTokens.Claims ROBOT = new ServiceAccountTokens.Claims("team-a", "robot",
            "sa-uid", Optional.of(new ServiceAccountTokens.BoundPod("web", "pod-uid")),
            List.of(ServiceAccountTokens.ISSUER), ISSUED, ISSUED.plus(Duration.ofHours(1)));
    private static final User ROBOT_USER = new User("system:serviceaccount:team-a:robot",
            List.of("system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"));

    @TempDir
    static Path dir;

    /** What exists on the server: the robot account and the web pod with the uids the token names. */
    record World(boolean account, boolean pod) implements ServiceAccountTokens.Liveness {
        @Override
        public boolean serviceAccountExists(String namespace, String name, String uid) {
            return account && namespace.equals("team-a") && name.equals("robot") && uid.equals("sa-uid");
        }

        @Override
        public boolean podExists(String namespace, String name, String uid) {
            return pod && namespace.equals("team-a") && name.equals("web") && uid.equals("pod-uid");
        }
    }

    static Stream<Arguments> tokens() {
        World all = new World(true, true);
        Function<ServiceAccountTokens, String> robot = t -> t.issue(ROBOT);
        return Stream.of(
                Arguments.of("valid, half way through its life", robot, Duration.ofMinutes(30), all, Optional.of(ROBOT_USER)),
                Arguments.of("unbound token, no pod needed", (Function<ServiceAccountTokens, String>) t -> t.issue(
                        new ServiceAccountTokens.Claims("team-a", "robot", "sa-uid", Optional.empty(),
                                ROBOT.audiences(), ISSUED, ROBOT.expiresAt())), Duration.ZERO, new World(true, false),
                        Optional.of(ROBOT_USER)),
                Arguments.of("expired", robot, Duration.ofHours(1), all, Optional.empty()),
                Arguments.of("not valid yet", robot, Duration.ofSeconds(-5), all, Optional.empty()),
                Arguments.of("service account deleted", robot, Duration.ZERO, new World(false, true), Optional.empty()),
                Arguments.of("bound pod deleted", robot, Duration.ZERO, new World(true, false), Optional.empty()),
                Arguments.of("for another audience", (Function<ServiceAccountTokens, String>) t -> t.issue(
                        new ServiceAccountTokens.Claims("team-a", "robot", "sa-uid", ROBOT.pod(),
                                List.of("vault"), ISSUED, ROBOT.expiresAt())), Duration.ZERO, all, Optional.empty()),
                Arguments.of("payload changed after signing", (Function<ServiceAccountTokens, String>) t -> {
                    String[] parts = t.issue(ROBOT).split("\\.");
                    String other = t.issue(new ServiceAccountTokens.Claims("kube-system", "robot", "sa-uid",
                            ROBOT.pod(), ROBOT.audiences(), ISSUED, ROBOT.expiresAt())).split("\\.")[1];
                    return parts[0] + "." + other + "." + parts[2];
                }, Duration.ZERO, all, Optional.empty()),
                Arguments.of("signed with another key", (Function<ServiceAccountTokens, String>) t -> {
                    try {
                        return ServiceAccountTokens.loadOrCreate(Files.createTempDirectory(dir, "other")
                                .resolve("sa.key"), InstantSource.fixed(ISSUED), all).issue(ROBOT);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, Duration.ZERO, all, Optional.empty()),
                Arguments.of("not a JWT", (Function<ServiceAccountTokens, String>) t -> "abcdef.0123456789abcdef",
                        Duration.ZERO, all, Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void aTokenNamesItsAccountWhileValid(String name, Function<ServiceAccountTokens, String> token, Duration after,
                                         World world, Optional<User> expected) throws Exception {
        Path key = dir.resolve("sa.key");
        String issued = token.apply(ServiceAccountTokens.loadOrCreate(key, InstantSource.fixed(ISSUED), world));

        ServiceAccountTokens server = ServiceAccountTokens.loadOrCreate(key, InstantSource.fixed(ISSUED.plus(after)),
                world);

        assertThat(server.authenticate(issued)).isEqualTo(expected);
    }

    @Test
    void theKeyIsKeptAcrossRestartsOwnerOnly() throws Exception {
        Path key = dir.resolve("kept/sa.key");
        String token = ServiceAccountTokens.loadOrCreate(key, InstantSource.fixed(ISSUED), new World(true, true))
                .issue(ROBOT);

        ServiceAccountTokens restarted = ServiceAccountTokens.loadOrCreate(key, InstantSource.fixed(ISSUED),
                new World(true, true));

        assertThat(restarted.verify(token)).contains(ROBOT);
        assertThat(Files.getPosixFilePermissions(key)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void aKeyBeingGeneratedIsWrittenBeforeAwaitKeyReturns() throws Exception {
        Path key = dir.resolve("fresh/sa.key");

        ServiceAccountTokens.loadOrCreate(key, InstantSource.fixed(ISSUED), new World(true, true)).awaitKey();

        assertThat(key).isNotEmptyFile();
    }
}
