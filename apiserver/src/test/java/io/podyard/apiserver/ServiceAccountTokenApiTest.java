package io.podyard.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TokenRequest (serviceaccounts/NAME/token) issues a token the API server then accepts as that account. */
class ServiceAccountTokenApiTest {
    @TempDir
    Path dir;

    private ServerFixture server;
    private KubernetesClient admin;

    @BeforeEach
    void start() {
        server = new ServerFixture(dir);
        admin = server.client();
        admin.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("robot").endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRequestedTokenAuthenticatesUntilItsAccountIsDeleted() {
        TokenRequest issued = admin.serviceAccounts().inNamespace("default").withName("robot")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(1200L).endSpec().build());

        assertThat(issued.getSpec().getAudiences()).containsExactly("https://kubernetes.default.svc.cluster.local");
        assertThat(Duration.between(Instant.now(), Instant.parse(issued.getStatus().getExpirationTimestamp())))
                .isBetween(Duration.ofMinutes(19), Duration.ofMinutes(21));
        try (KubernetesClient robot = clientWith(issued.getStatus().getToken())) {
            assertThat(robot.configMaps().inNamespace("default").list().getItems()).isEmpty();

            admin.serviceAccounts().inNamespace("default").withName("robot").delete();

            assertThatThrownBy(() -> robot.configMaps().inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
        }
    }

    @Test
    void aTokenBoundToAPodDiesWithThePod() {
        admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
                .build()).create();
        TokenRequest issued = admin.serviceAccounts().inNamespace("default").withName("robot")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withNewBoundObjectRef().withKind("Pod")
                        .withApiVersion("v1").withName("web").endBoundObjectRef().endSpec().build());
        try (KubernetesClient robot = clientWith(issued.getStatus().getToken())) {
            assertThat(robot.pods().inNamespace("default").withName("web").get()).isNotNull();

            admin.pods().inNamespace("default").withName("web").withGracePeriod(0).delete();

            assertThatThrownBy(() -> robot.pods().inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
        }
    }

    @Test
    void requestsKubernetesRefusesAreRefusedTheSameWay() {
        var account = admin.serviceAccounts().inNamespace("default");
        assertThatThrownBy(() -> account.withName("robot").tokenRequest(new TokenRequestBuilder().withNewSpec()
                .withExpirationSeconds(60L).endSpec().build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("may not specify a duration less than 10 minutes");
                });
        assertThatThrownBy(() -> account.withName("nobody").tokenRequest(new TokenRequest()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        assertThatThrownBy(() -> account.withName("robot").tokenRequest(new TokenRequestBuilder().withNewSpec()
                .withNewBoundObjectRef().withKind("Pod").withName("missing").endBoundObjectRef().endSpec().build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        try (KubernetesClient forged = clientWith("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")) {
            assertThatThrownBy(() -> forged.configMaps().inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
        }
    }

    private KubernetesClient clientWith(String token) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(server.url())
                .withCaCertFile(server.controlPlane().credentials().caPem().toString()).withOauthToken(token)
                .withAutoConfigure(false).build()).build();
    }
}
