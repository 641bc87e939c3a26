package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A user reads logs, runs commands in a container and copies files with kubectl, through the node's server. */
class KubectlStreamsTest extends NodeClusterSession {
    @Test
    void logsShowWhatTheContainerPrinted() {
        runPod("printer", "echo one; echo two; echo three; sleep 3600");
        await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("logs", "printer").out()
                .equals("one\ntwo\nthree\n"));

        assertThat(kubectl.run("logs", "printer", "--tail=1").ok().out()).isEqualTo("three\n");
        assertThat(kubectl.run("logs", "pod/printer", "--timestamps").ok().out().lines().toList()).hasSize(3)
                .allMatch(line -> line.matches("\\S+Z (one|two|three)"));
        assertThat(kubectl.run("logs", "printer", "--previous").err())
                .contains("previous terminated container \"printer\" in pod \"printer\" not found");
    }

    @Test
    void logsFollowUntilTheContainerEnds() {
        runPod("counter", "for i in 1 2 3; do echo line $i; sleep 0.5; done");

        // kubectl logs -f returns when the container has ended and everything it printed was shown.
        assertThat(kubectl.run("logs", "-f", "counter").ok().out()).isEqualTo("line 1\nline 2\nline 3\n");
    }

    @Test
    void execPrintsTheOutputAndExitsWithTheCommandsCode() {
        runPod("shell", "sleep 3600");

        Kubectl.Result result = kubectl.run("exec", "shell", "--", "sh", "-c", "echo hi; echo oops >&2; exit 3");

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("hi\n");
        assertThat(result.err()).contains("oops");
        assertThat(kubectl.run("exec", "-i", "shell", "--", "sh", "-c", "tr a-z A-Z")
                .ok().out()).isEmpty();
        assertThat(kubectl.runWithInput("hello\nworld\n", "exec", "-i", "shell", "--", "sort", "-r").ok().out())
                .isEqualTo("world\nhello\n");
    }

    @Test
    void execOnATerminalGivesTheShellTheUsersTerminal() {
        runPod("shell", "sleep 3600");

        Kubectl.Result screen = kubectl.runOnTerminal(132, 43, "tty; stty size; echo oops >&2; exit 4\n",
                "exec", "-it", "shell", "--", "sh");

        assertThat(screen.exit()).as(screen.out()).isEqualTo(4);
        assertThat(screen.out().replace("\r", "")).containsPattern("\n/dev/pts/\\d+\n").contains("\n43 132\n", "\noops\n",
                "command terminated with exit code 4");
    }

    @Test
    void runItRemovesTheInteractivePodAfterTheShellExits() {
        // kubectl run -it attaches once the pod runs; output from before the attach is not replayed. Attach
        // sends a size one larger, then the real one (so the program redraws); the sleep lets both land.
        Kubectl.Result screen = kubectl.runOnTerminal(120, 40, "sleep 1; stty size; echo done-$((40+2))\nexit\n",
                "run", "console", "-it", "--rm", "--restart=Never", "--image=" + busybox, "--", "sh");

        assertThat(screen.exit()).as(screen.out()).isZero();
        assertThat(screen.out().replace("\r", "")).contains("\n40 120\n", "\ndone-42\n", "pod \"console\" deleted");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                kubectl.run("get", "pods", "-o", "name").out().isEmpty());
    }

    @Test
    void attachItTalksToTheContainersShell() {
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: console}
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: sh, image: %s, command: [sh], stdin: true, stdinOnce: true, tty: true}
                """.formatted(busybox), "apply", "-f", "-").ok();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                kubectl.run("get", "pod", "console", "-o", "jsonpath={.status.phase}").out().equals("Running"));

        Kubectl.Result screen = kubectl.runOnTerminal(100, 30, "sleep 1; tty; stty size; exit 3\n", "attach", "-it",
                "console");

        assertThat(screen.out().replace("\r", "")).containsPattern("\n/dev/pts/\\d+\n").contains("\n30 100\n");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                kubectl.run("get", "pod", "console", "-o", "jsonpath={.status.phase}").out().equals("Failed"));
    }

    @Test
    void cpCopiesFilesIntoAndOutOfTheContainer() throws Exception {
        runPod("files", "sleep 3600");
        Path local = dir.resolve("greeting.txt");
        Files.writeString(local, "hello from the host\n");

        kubectl.run("cp", local.toString(), "files:/tmp/greeting.txt").ok();
        assertThat(kubectl.run("exec", "files", "--", "cat", "/tmp/greeting.txt").ok().out())
                .isEqualTo("hello from the host\n");

        kubectl.run("exec", "files", "--", "sh", "-c", "echo made in the pod > /tmp/made.txt").ok();
        Path back = dir.resolve("made.txt");
        kubectl.run("cp", "files:/tmp/made.txt", back.toString()).ok();
        assertThat(Files.readString(back)).isEqualTo("made in the pod\n");
    }

    @Test
    void portForwardReachesAServerListeningOnLocalhostInThePod() throws Exception {
        // Listening on localhost only: port-forward connects inside the pod's network namespace, as kubelet does.
        runPod("web", "mkdir -p /www && echo hello from the pod > /www/index.html"
                + " && exec httpd -f -p 127.0.0.1:8080 -h /www");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                kubectl.run("get", "pod", "web", "-o", "jsonpath={.status.phase}").out().equals("Running"));

        assertThat(getThroughPortForward(kubectl, "web", 8080, "/index.html")).isEqualTo("hello from the pod\n");
    }
}
