package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Debian's kubectl 1.20 speaks SPDY for exec and port-forward; the API server tunnels it to the node. */
class OldKubectlStreamsTest extends NodeClusterSession {
    Kubectl old;

    @BeforeEach
    void oldKubectl() {
        old = new Kubectl(cluster.kubeconfig(), Kubectl.debian120());
    }

    @Test
    void execAndLogsWork() {
        runPod("shell", "echo started; sleep 3600");
        await().atMost(Duration.ofSeconds(30)).until(() -> old.run("logs", "shell").out().equals("started\n"));

        Kubectl.Result result = old.run("exec", "shell", "--", "sh", "-c", "echo hi; echo oops >&2; exit 3");
        assertThat(result.exit()).as("kubectl 1.20 exec; stdout %s, stderr %s", result.out(), result.err()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("hi\n");
        assertThat(result.err()).contains("oops");
        assertThat(old.runWithInput("b\na\n", "exec", "-i", "shell", "--", "sort").ok().out()).isEqualTo("a\nb\n");
        assertThat(old.run("logs", "shell").ok().out()).isEqualTo("started\n");
    }

    @Test
    void execOnATerminalWorks() {
        runPod("shell", "sleep 3600");

        Kubectl.Result screen = old.runOnTerminal(100, 30, "tty; stty size; exit 4\n", "exec", "-it", "shell", "--", "sh");

        assertThat(screen.exit()).as(screen.out()).isEqualTo(4);
        // Line ends are the terminals' business (\r\n, or \r\r\n where kubectl 1.20 leaves output processing on).
        assertThat(screen.out().replace("\r", "")).containsPattern("\n/dev/pts/\\d+\n").contains("\n30 100\n");
    }

    @Test
    void runItWorks() {
        // Attach sends a size one larger, then the real one; the sleep lets both land before stty asks.
        Kubectl.Result screen = old.runOnTerminal(90, 20, "sleep 1; stty size\nexit 5\n", "run", "console", "-it",
                "--rm", "--restart=Never", "--image=" + busybox, "--", "sh");

        assertThat(screen.out().replace("\r", "")).as("exit %s", screen.exit()).contains("\n20 90\n",
                "pod \"console\" deleted");
    }

    @Test
    void portForwardWorks() throws Exception {
        runPod("web", "mkdir -p /www && echo hello from the pod > /www/index.html && exec httpd -f -p 8080 -h /www");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                kubectl.run("get", "pod", "web", "-o", "jsonpath={.status.phase}").out().equals("Running"));

        assertThat(getThroughPortForward(old, "web", 8080, "/index.html")).isEqualTo("hello from the pod\n");
    }
}
