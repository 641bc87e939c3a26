package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A user reads logs, runs commands in a container and copies files with kubectl, through the node's server. */
class KubectlStreamsTest extends NodeClusterSession {
    private void runPod(String name, String script) {
        kubectl.run("run", name, "--image=" + busybox, "--restart=Never", "--command", "--", "sh", "-c", script).ok();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                !kubectl.run("get", "pod", name, "-o", "jsonpath={.status.phase}").out().equals("Pending"));
    }

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
    void portForwardReachesAServerInThePod() throws Exception {
        runPod("web", "mkdir -p /www && echo hello from the pod > /www/index.html && exec httpd -f -p 8080 -h /www");
        Path output = dir.resolve("port-forward.txt");
        Process forward = kubectl.start(output, "port-forward", "pod/web", ":8080");
        try {
            String line = await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(output),
                    text -> text.contains("Forwarding from 127.0.0.1:"));
            Matcher port = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+)").matcher(line);
            assertThat(port.find()).as(line).isTrue();
            try (HttpClient http = HttpClient.newHttpClient()) {
                URI uri = URI.create("http://127.0.0.1:" + port.group(1) + "/index.html");
                for (int i = 0; i < 2; i++) { // each request is a new connection, a new pair of streams
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).isEqualTo("hello from the pod\n");
                }
            }
        } finally {
            forward.destroy();
            forward.waitFor();
        }
    }
}
