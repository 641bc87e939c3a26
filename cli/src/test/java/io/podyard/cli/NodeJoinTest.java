package io.podyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.apiserver.ServerFixture;
import io.podyard.apiserver.tls.ClientCertificates;
import io.podyard.cli.join.BootstrapToken;
import io.podyard.cli.join.NodeJoin;
import io.podyard.controllers.ControllerManager;
import io.podyard.controllers.ControllerOptions;
import io.podyard.controllers.certificates.CsrSigningController;
import io.podyard.node.images.fixtures.LocalRegistry;
import io.podyard.node.images.fixtures.TestImages;
import io.podyard.node.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second machine joins as a node (issue 5): a bootstrap token and the CA's pin get it a client
 * certificate of its own through a CertificateSigningRequest that the cluster approves and signs;
 * with it the agent registers its Node and runs pods. The token can do nothing else.
 */
class NodeJoinTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    ServerFixture server;
    KubernetesClient admin;
    ControllerManager controllers;

    @BeforeEach
    void start() {
        server = new ServerFixture(dir.resolve("server"));
        admin = server.client();
        controllers = ControllerManager.start(admin, ControllerOptions.defaults().withLeaderElection(false),
                List.of(ctx -> new CsrSigningController(ctx, new ClusterCa(server.controlPlane().credentials(),
                        InstantSource.system()))));
    }

    @AfterEach
    void stop() {
        controllers.close();
        server.close();
    }

    @Test
    void aMachineJoinsWithATokenRunsPodsAsANodeOfItsOwnAndServesTheirLogs() throws Exception {
        String token = BootstrapToken.create(admin, Duration.ofHours(1), Instant.now(), "test");

        Path kubeconfig = NodeJoin.join(URI.create(server.url()), token, pin(), "node-b", dir.resolve("node-b"), WAIT);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig))).isEqualTo("rw-------");
        CertificateSigningRequest csr = admin.certificates().v1().certificateSigningRequests().list().getItems()
                .getFirst();
        assertThat(csr.getSpec().getUsername()).isEqualTo("system:bootstrap:" + token.substring(0, 6));
        assertThat(csr.getSpec().getGroups()).contains("system:bootstrappers");
        assertThat(csr.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Approved");
            assertThat(c.getReason()).isEqualTo("AutoApproved");
        });
        X509Certificate issued = ClientCertificates.certificate(new String(Base64.getDecoder().decode(
                csr.getStatus().getCertificate()), StandardCharsets.US_ASCII));
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:node-b,O=system:nodes");
        issued.verify(server.controlPlane().credentials().caCertificate().getPublicKey());

        Path pki = dir.resolve("node-b").resolve("pki");
        try (LocalRegistry registry = LocalRegistry.start();
                KubernetesClient node = new KubernetesClientBuilder().withConfig(
                        Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
            // As itself, the node asks for its node server's certificate (logs and exec go through it).
            NodeJoin.ensureServingCertificate(node, ClientCertificates.pem(server.controlPlane().credentials()
                    .caCertificate()), "node-b", pki, WAIT);
            X509Certificate serving = ClientCertificates.certificate(Files.readString(pki.resolve("kubelet.crt")));
            assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // server auth
            String busybox = TestImages.pushBusybox(registry);
            try (TestNode agent = new TestNode(dir.resolve("node"), node, "node-b", pki)) {
                admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("on-b")
                        .endMetadata().withNewSpec().withNodeName("node-b").withTerminationGracePeriodSeconds(0L)
                        .addNewContainer().withName("main").withImage(busybox)
                        .withCommand("sh", "-c", "echo hello from b; sleep 3600").endContainer()
                        .endSpec().build()).create();
                Pod running = await().atMost(WAIT).until(() -> admin.pods().inNamespace("default").withName("on-b")
                        .get(), p -> p != null && "Running".equals(p.getStatus().getPhase()));
                assertThat(running.getStatus().getPodIP()).isNotBlank();
                assertThat(admin.nodes().withName("node-b").get()).isNotNull();
                await().atMost(WAIT).until(() -> admin.pods().inNamespace("default").withName("on-b").getLog(),
                        log -> log.equals("hello from b\n"));
                admin.pods().inNamespace("default").withName("on-b").delete();
                await().atMost(WAIT).until(() -> admin.pods().inNamespace("default").withName("on-b").get() == null);
            }
        }
    }

    @Test
    void aServerWithoutThePinnedCaIsRefusedBeforeTheTokenIsUsed() {
        String token = BootstrapToken.create(admin, Duration.ofHours(1), Instant.now(), "test");
        String wrongPin = "sha256:" + "0".repeat(64);

        assertThatThrownBy(() -> NodeJoin.join(URI.create(server.url()), token, wrongPin, "node-b",
                dir.resolve("node-b"), WAIT)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not present a CA with the pin " + wrongPin);
        assertThat(admin.certificates().v1().certificateSigningRequests().list().getItems()).isEmpty();
        assertThat(dir.resolve("node-b").resolve(NodeJoin.KUBECONFIG)).doesNotExist();
    }

    @Test
    void aBootstrapTokenOnlyAsksForCertificatesAndAnExpiredOrUnknownOneIsNobody() {
        String token = BootstrapToken.create(admin, Duration.ofHours(1), Instant.now(), "test");
        String id = token.substring(0, 6);
        try (KubernetesClient bootstrap = tokenClient(token)) {
            assertThat(bootstrap.certificates().v1().certificateSigningRequests().list().getItems()).isEmpty();
            assertThatThrownBy(() -> bootstrap.pods().inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(403);
                        assertThat(e.getStatus().getMessage()).isEqualTo("pods is forbidden: User \"system:bootstrap:"
                                + id + "\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"");
                    });
            assertThatThrownBy(() -> bootstrap.secrets().inNamespace("kube-system").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
        String expired = BootstrapToken.create(admin, Duration.ofSeconds(-1), Instant.now(), "test");
        for (String nobody : List.of(expired, id + ".0123456789abcdef")) {
            try (KubernetesClient client = tokenClient(nobody)) {
                assertThatThrownBy(() -> client.certificates().v1().certificateSigningRequests().list())
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
            }
        }
    }

    private String pin() {
        return ClientCertificates.pin(server.controlPlane().credentials().caCertificate());
    }

    private KubernetesClient tokenClient(String token) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(server.url())
                .withCaCertData(Base64.getEncoder().encodeToString(ClientCertificates.pem(
                        server.controlPlane().credentials().caCertificate()).getBytes(StandardCharsets.US_ASCII)))
                .withOauthToken(token).withAutoConfigure(false).withRequestRetryBackoffLimit(0).build()).build();
    }
}
