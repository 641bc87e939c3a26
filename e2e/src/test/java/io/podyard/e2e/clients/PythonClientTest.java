package io.podyard.e2e.clients;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.podyard.apiserver.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official Python client (Debian's python3-kubernetes, which scripts/test.sh installs) works unchanged. */
class PythonClientTest {
    /** Debian's interpreter: the package installs into its dist-packages, not into another python3 on PATH. */
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path PACKAGE = Path.of("/usr/lib/python3/dist-packages/kubernetes/__init__.py");

    @TempDir
    Path dir;

    @Test
    void sessionWithThePythonClient() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && Files.exists(PACKAGE),
                "python3-kubernetes is not installed (scripts/test.sh installs it with apt-get); skipping");
        try (ServerFixture server = new ServerFixture(dir)) {
            ClientScript.assertSession(ClientScript.run(server, "python-client",
                    PYTHON.toString(), ClientScript.resource("session.py").toString()));
        }
    }
}
