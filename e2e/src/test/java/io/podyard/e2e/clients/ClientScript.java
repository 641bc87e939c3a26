package io.podyard.e2e.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.apiserver.ServerFixture;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session script of another language's official client ({@code src/test/resources/clients}), run
 * as a subprocess against a real server. Each script does the same things and prints what it saw as
 * one JSON object, so one assertion covers every client.
 */
final class ClientScript {
    private ClientScript() {}

    /** The script's path on the test classpath. */
    static Path resource(String name) {
        try {
            return Path.of(ClientScript.class.getResource("/clients/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code relative} under a {@code .cache} directory at or above the working directory (the repository root's). */
    static Optional<Path> cached(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".cache").resolve(relative);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs {@code command} plus the kubeconfig and namespace, and returns the JSON it printed. */
    static JsonNode run(ServerFixture server, String namespace, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        args.add(server.controlPlane().kubeconfig().toString());
        args.add(namespace);
        Path out = Files.createTempFile("client-out", ".txt");
        Path err = Files.createTempFile("client-err", ".txt");
        try {
            Process p = new ProcessBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(args + " did not finish in 120s: " + Files.readString(err));
            }
            assertThat(p.exitValue()).as("%s exit status; stderr:%n%s", args, Files.readString(err)).isZero();
            return JsonMapper.builder().build().readTree(Files.readString(out));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** What every session script must have seen. */
    static void assertSession(JsonNode seen) {
        JsonMapper mapper = JsonMapper.builder().build();
        System.out.println("client session: " + seen);
        assertThat(mapper.convertValue(seen.get("listed"), List.class)).containsExactly("web");
        assertThat(mapper.convertValue(seen.get("got"), Map.class)).isEqualTo(Map.of("a", "1"));
        assertThat(mapper.convertValue(seen.get("patched"), Map.class)).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(mapper.convertValue(seen.get("jsonPatched"), Map.class)).isEqualTo(Map.of("b", "2"));
        assertThat(seen.path("generic").asString("")).as("the generic client's create and read").isEqualTo("generic busybox");
        assertThat(seen.path("deleted").asString("")).isEqualTo("Success configmaps settings");
        assertThat(seen.path("watched").asString("")).isEqualTo("DELETED settings");
        assertThat(seen.get("missing").asInt()).isEqualTo(404);
        assertThat(seen.path("missingReason").asString("")).isEqualTo("NotFound");
        assertThat(seen.path("namespaceAfterDelete").asString("")).isIn("Terminating", "404");
    }
}
