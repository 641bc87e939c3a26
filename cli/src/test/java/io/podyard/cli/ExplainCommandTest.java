package io.podyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ServerFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code podyard explain} against a real API server (no scheduler running: it only reads). */
class ExplainCommandTest {
    @TempDir
    Path dir;
    private ServerFixture server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        server = new ServerFixture(dir.resolve("server"));
        KubernetesClient client = server.client();
        for (String name : new String[] {"small", "large"}) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name)
                    .endMetadata().withNewStatus().addToAllocatable("cpu", new Quantity(name.equals("small") ? "1" : "8"))
                    .addToAllocatable("pods", new Quantity("10")).addNewCondition().withType("Ready").withStatus("True")
                    .endCondition().endStatus().build()).create();
        }
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").withNewResources()
                .addToRequests("cpu", new Quantity("2")).endResources().endContainer().endSpec().build()).create();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String... args) {
        var cl = Podyard.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void explainsAPodNodeByNode() {
        assertThat(run("explain", "pod", "p", "--kubeconfig", server.controlPlane().kubeconfig().toString())).isZero();
        assertThat(out.toString()).startsWith("Pod default/p fits; it would go to large")
                .containsPattern("small +✗ Insufficient cpu");
    }

    @Test
    void placesAManifestWithoutCreatingAnything() throws Exception {
        Path manifest = Files.writeString(dir.resolve("web.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 4
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: c, image: busybox, resources: {requests: {cpu: "3"}}}]
                """);
        assertThat(run("explain", "-f", manifest.toString(), "--kubeconfig", server.controlPlane().kubeconfig().toString())).isZero();
        assertThat(out.toString()).contains("Pod default/web-0 fits; it would go to large")
                .contains("Pod default/web-1 fits; it would go to large")
                .contains("Pod default/web-2 is unschedulable: 0/2 nodes are available: 2 Insufficient cpu.");
        assertThat(server.client().apps().deployments().inNamespace("default").list().getItems()).isEmpty();
    }

    @Test
    void aMissingPodIsNotFound() {
        assertThat(run("explain", "pod", "nope", "--kubeconfig", server.controlPlane().kubeconfig().toString())).isEqualTo(1);
        assertThat(err.toString()).contains("pods \"nope\" not found");
    }
}
