package io.podyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run for the JVM's ahead-of-time cache: {@code podyard server --runtime
 * hollow --exit-when-ready} starts the whole cluster, waits for its node to be Ready, and stops.
 */
class ServerTrainingRunTest {
    @TempDir
    Path dir;

    @Test
    void startsAClusterWaitsForItsNodeAndStops() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Podyard.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int exit = cl.execute("server", "--runtime", "hollow", "--exit-when-ready", "--data-dir", dir.toString(),
                "--bind-address", "127.0.0.1", "--port", "0", "--kubelet-port", "0", "--node-name", "training");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Node training runs pods").contains("export KUBECONFIG=");
        assertThat(dir.resolve("kubeconfig.yaml")).exists();
        assertThat(Files.size(dir.resolve("state.db"))).isPositive();
    }
}
