package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `kubectl exec -it`: the command runs on a real terminal that follows the client's size. */
class PodTerminalTest extends AgentTest {
    @BeforeEach
    void runPod() {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("shell")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("node-a")
                .withTerminationGracePeriodSeconds(1L).addNewContainer().withName("main").withImage(busybox)
                .withCommand("sleep", "3600").endContainer().endSpec().build()).create();
        awaitPod("shell", p -> "Running".equals(p.getStatus().getPhase()));
    }

    @Test
    void anInteractiveShellGetsATerminalOfTheClientsSize() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace("default").withName("shell").redirectingInput()
                .writingOutput(out).withTTY().exec("sh")) {
            watch.resize(132, 43);
            OutputStream keyboard = watch.getInput();
            // As a user does: type at the prompt. Lines typed before the shell runs are echoed by the
            // terminal and read by the shell later; a CI run once saw that first stty find no size.
            Awaitility.await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8).contains("# "));
            type(keyboard, "tty; stty size; echo to-stderr >&2; echo $TERM\n");
            Awaitility.await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8).contains("xterm\r\n"));
            watch.resize(100, 30);
            type(keyboard, "stty size; exit 5\n");
            assertThat(watch.exitCode().get(60, TimeUnit.SECONDS)).isEqualTo(5);
        }
        String screen = out.toString(StandardCharsets.UTF_8);
        // A terminal echoes what is typed and ends lines with \r\n; stderr shows on the same screen.
        assertThat(screen).containsPattern("\r\n/dev/pts/\\d+\r\n").contains("\r\n43 132\r\n", "\r\nto-stderr\r\n",
                "\r\n30 100\r\n", "stty size; exit 5");
    }

    @Test
    void withoutStdinTheTerminalStillShowsTheOutput() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace("default").withName("shell").writingOutput(out).withTTY()
                .exec("sh", "-c", "test -t 0 && test -t 1 && echo on a terminal; echo err >&2; exit 3")) {
            assertThat(watch.exitCode().get(60, TimeUnit.SECONDS)).isEqualTo(3);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("on a terminal\r\nerr\r\n");
    }

    @Test
    void aClientThatLeavesHangsUpTheShell() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace("default").withName("shell").redirectingInput()
                .writingOutput(out).withTTY().exec("sh")) {
            type(watch.getInput(), "echo $$ > /tmp/shell.pid; echo ready\n");
            Awaitility.await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8).contains("ready\r\n"));
        }
        // The shell ignores SIGTERM, as an interactive one does; the hang-up ends it.
        Awaitility.await().atMost(WAIT).until(() -> {
            ByteArrayOutputStream check = new ByteArrayOutputStream();
            try (ExecWatch watch = client.pods().inNamespace("default").withName("shell").writingOutput(check)
                    .exec("sh", "-c", "kill -0 $(cat /tmp/shell.pid) 2>/dev/null && echo alive || echo gone")) {
                watch.exitCode().get(60, TimeUnit.SECONDS);
            }
            return check.toString(StandardCharsets.UTF_8).equals("gone\n");
        });
    }

    private static void type(OutputStream keyboard, String text) throws Exception {
        keyboard.write(text.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }
}
