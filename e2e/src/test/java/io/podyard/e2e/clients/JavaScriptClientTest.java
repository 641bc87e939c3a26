package io.podyard.e2e.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.podyard.apiserver.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The official JavaScript client (@kubernetes/client-node, which scripts/test.sh installs into .cache) works unchanged. */
class JavaScriptClientTest {
    /** Pinned here and in scripts/test.sh, which installs it. */
    static final String CLIENT_NODE = "client-node-1.4.0";
    private static final Path NODE = Path.of("/usr/bin/node");

    @TempDir
    Path dir;

    @Test
    void sessionWithTheJavaScriptClient() throws Exception {
        Optional<Path> module = ClientScript.cached(CLIENT_NODE + "/node_modules/@kubernetes/client-node/package.json");
        assumeTrue(Files.isExecutable(NODE) && module.isPresent(),
                "node or @kubernetes/client-node in .cache/" + CLIENT_NODE + " is missing (scripts/test.sh installs them); skipping");
        Path moduleDir = module.get().getParent().getParent().getParent().getParent();
        try (ServerFixture server = new ServerFixture(dir)) {
            JsonNode seen = ClientScript.run(server, "js-client",
                    NODE.toString(), ClientScript.resource("session.mjs").toString(), moduleDir.toString());
            ClientScript.assertSession(seen);
            // its informer saw the create, both patches and the delete, in order
            assertThat(JsonMapper.builder().build().convertValue(seen.get("informed"), List.class)).containsExactly(
                    "add settings", "update settings", "update settings", "delete settings");
        }
    }
}
