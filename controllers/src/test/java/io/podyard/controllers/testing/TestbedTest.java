package io.podyard.controllers.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.controllers.ControllerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A {@link Testbed} (a real API server and the controller manager) per test, and a client of it. */
public abstract class TestbedTest {
    @TempDir
    protected Path dir;
    protected Testbed testbed;
    protected KubernetesClient client;

    @BeforeEach
    void startTestbed() {
        testbed = new Testbed(dir, options());
        client = testbed.client();
    }

    /** How the controller manager runs (a test class may change the clock, say). */
    protected ControllerOptions options() {
        return Testbed.defaultOptions();
    }

    @AfterEach
    void stopTestbed() {
        testbed.close();
    }
}
