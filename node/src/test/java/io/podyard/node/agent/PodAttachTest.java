package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** `kubectl attach -i` and `kubectl run -it`: a container with stdin (and a terminal) takes the client's input. */
class PodAttachTest extends AgentTest {
    private void runPod(String name, boolean tty, boolean stdinOnce, String... command) {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("node-a").withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(1L).addNewContainer().withName("main").withImage(busybox)
                .withCommand(command).withStdin(true).withStdinOnce(stdinOnce).withTty(tty).endContainer()
                .endSpec().build()).create();
        awaitPod(name, p -> "Running".equals(p.getStatus().getPhase()));
    }

    @Test
    void stdinReachesTheContainerAndStdinOnceClosesItWhenTheSessionEnds() throws Exception {
        runPod("reader", false, true, "sh", "-c", "while read line; do echo \"got $line\"; done; echo stdin closed");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace("default").withName("reader").redirectingInput()
                .writingOutput(out).attach()) {
            type(watch.getInput(), "hello\n");
            Awaitility.await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8).contains("got hello\n"));
        }
        // The first session ended, so the container's stdin closed: the loop ends and the container with it.
        awaitPod("reader", p -> "Succeeded".equals(p.getStatus().getPhase()));
        assertThat(client.pods().inNamespace("default").withName("reader").getLog())
                .isEqualTo("got hello\nstdin closed\n");
    }

    @Test
    void withoutStdinOnceTheNextSessionStillWrites() throws Exception {
        runPod("reader", false, false, "sh", "-c", "while read line; do echo \"got $line\"; done; echo stdin closed");
        for (String word : new String[] {"one", "two"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ExecWatch watch = client.pods().inNamespace("default").withName("reader").redirectingInput()
                    .writingOutput(out).attach()) {
                type(watch.getInput(), word + "\n");
                Awaitility.await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8)
                        .contains("got " + word + "\n"));
            }
        }
        assertThat(client.pods().inNamespace("default").withName("reader").get().getStatus().getPhase())
                .isEqualTo("Running");
    }

    @Test
    void aTerminalContainerGetsTheClientsKeysAndSize() throws Exception {
        runPod("console", true, true, "sh");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace("default").withName("console").redirectingInput()
                .writingOutput(out).withTTY().attach()) {
            watch.resize(133, 44); // kubectl attach sends one larger first, so the program redraws
            watch.resize(132, 43);
            type(watch.getInput(), "sleep 1; tty; stty size; echo $TERM; echo oops >&2\n");
            Awaitility.await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8).contains("oops\r\n"));
            type(watch.getInput(), "exit 3\n");
            awaitPod("console", p -> "Failed".equals(p.getStatus().getPhase()));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("\r\n/dev/pts/\\d+\r\n")
                .contains("\r\n43 132\r\n", "\r\nxterm\r\n");
    }

    private static void type(OutputStream keyboard, String text) throws Exception {
        keyboard.write(text.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }
}
