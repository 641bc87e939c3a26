package io.podyard.node.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a sandbox is made of, saved in its directory before each step that creates something, so
 * teardown after a crash or a restart runs CNI DEL with the same configurations and the results
 * ADD returned.
 */
record SandboxState(String podUid, String namespace, String name, String hostname, boolean ready,
                    List<ObjectNode> loopback, List<ObjectNode> podNetwork, int loopbackStarted,
                    int podNetworkStarted, JsonNode loopbackResult,
                    JsonNode podNetworkResult, String podIp, String gateway, long createdAtMillis) {
    static final String FILE = "sandbox.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static SandboxState planned(String podUid, String namespace, String name, String hostname,
                                List<ObjectNode> loopback, List<ObjectNode> podNetwork, long createdAtMillis) {
        return new SandboxState(podUid, namespace, name, hostname, false, loopback, podNetwork, 0, 0, null, null,
                null, null, createdAtMillis);
    }

    SandboxState withLoopbackStarted(int plugins) {
        return new SandboxState(podUid, namespace, name, hostname, ready, loopback, podNetwork, plugins,
                podNetworkStarted, loopbackResult, podNetworkResult, podIp, gateway, createdAtMillis);
    }

    SandboxState withPodNetworkStarted(int plugins) {
        return new SandboxState(podUid, namespace, name, hostname, ready, loopback, podNetwork, loopbackStarted,
                plugins, loopbackResult, podNetworkResult, podIp, gateway, createdAtMillis);
    }

    SandboxState withLoopbackResult(JsonNode result) {
        return new SandboxState(podUid, namespace, name, hostname, ready, loopback, podNetwork, loopbackStarted,
                podNetworkStarted, result, podNetworkResult, podIp, gateway, createdAtMillis);
    }

    SandboxState withPodNetworkResult(JsonNode result) {
        return new SandboxState(podUid, namespace, name, hostname, ready, loopback, podNetwork, loopbackStarted,
                podNetworkStarted, loopbackResult, result, podIp, gateway, createdAtMillis);
    }

    SandboxState readyWith(String ip, String gatewayIp) {
        return new SandboxState(podUid, namespace, name, hostname, true, loopback, podNetwork, loopbackStarted,
                podNetworkStarted, loopbackResult, podNetworkResult, ip, gatewayIp, createdAtMillis);
    }

    /** The plugins of the loopback network whose ADD was started, the ones DEL must undo. */
    List<ObjectNode> loopbackToDelete() {
        return loopback.subList(0, Math.min(loopbackStarted, loopback.size()));
    }

    List<ObjectNode> podNetworkToDelete() {
        return podNetwork.subList(0, Math.min(podNetworkStarted, podNetwork.size()));
    }

    /** Written to a temporary file and renamed, so a crash leaves the old or the new state whole. */
    void save(Path dir) {
        try {
            Path tmp = dir.resolve(FILE + ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(this));
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The saved state, or empty when there is none (never saved, or unreadable). */
    static Optional<SandboxState> load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), SandboxState.class));
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        }
    }
}
