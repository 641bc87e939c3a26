package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `kubectl exec` through the API server (WebSocket, v5/v4 channel protocol) into a running container. */
class PodExecTest extends AgentTest {
    @BeforeEach
    void runPod() {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("shell")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("node-a")
                .withTerminationGracePeriodSeconds(1L).addNewContainer().withName("main").withImage(busybox)
                .withCommand("sleep", "3600").addNewEnv().withName("GREETING").withValue("hello").endEnv()
                .withWorkingDir("/tmp").endContainer().endSpec().build()).create();
        awaitPod("shell", p -> "Running".equals(p.getStatus().getPhase()));
    }

    @Test
    void theCommandsOutputAndExitCodeReachTheClient() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace("default").withName("shell").writingOutput(out)
                .writingError(err).exec("sh", "-c", "echo $GREETING from $(pwd); echo oops >&2; exit 3")) {
            assertThat(watch.exitCode().get(60, TimeUnit.SECONDS)).isEqualTo(3);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello from /tmp\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
    }

    @Test
    void stdinReachesTheCommand() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace("default").withName("shell").redirectingInput()
                .writingOutput(out).exec("sh", "-c", "read line; echo got $line")) {
            watch.getInput().write("ping\n".getBytes(StandardCharsets.UTF_8));
            watch.getInput().flush();
            assertThat(watch.exitCode().get(60, TimeUnit.SECONDS)).isZero();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("got ping\n");
    }

    @Test
    void attachShowsTheContainersOutputFromNowOn() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("ticker")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("node-a")
                .withTerminationGracePeriodSeconds(1L).addNewContainer().withName("main").withImage(busybox)
                .withCommand("sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done").endContainer()
                .endSpec().build()).create();
        awaitPod("ticker", p -> "Running".equals(p.getStatus().getPhase()));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() ->
                client.pods().inNamespace("default").withName("ticker").getLog().contains("tick 2\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace("default").withName("ticker").writingOutput(out).attach()) {
            org.awaitility.Awaitility.await().atMost(WAIT).until(() ->
                    out.toString(StandardCharsets.UTF_8).lines().count() >= 3);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).allMatch(l -> l.matches("tick \\d+"))
                .doesNotContain("tick 1"); // the output from before the attach is not replayed
    }

    @Test
    void theNodeServerRefusesClientsWithoutTheClusterCertificate() throws Exception {
        Pod pod = client.pods().inNamespace("default").withName("shell").get();
        int port = client.nodes().withName("node-a").get().getStatus().getDaemonEndpoints().getKubeletEndpoint()
                .getPort();
        assertThat(port).isPositive();
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        try (HttpClient http = HttpClient.newBuilder().sslContext(trustAll).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/containerLogs/default/shell/main")).build();
            assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                    .as("pod %s", pod.getMetadata().getName()).isInstanceOf(IOException.class);
        }
    }
}
