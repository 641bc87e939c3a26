package io.podyard.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ServiceAccount admission: new pods run as their account and get the kube-api-access volume that
 * in-cluster clients read, unless they or their account opt out. The default accounts are made by
 * hand here, as the serviceaccount controller would.
 */
class PodServiceAccountApiTest {
    private static final String MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

    @TempDir
    Path dir;

    private ServerFixture server;
    private KubernetesClient admin;

    @BeforeEach
    void start() {
        server = new ServerFixture(dir);
        admin = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void account(String namespace, String name, Boolean automount) {
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(name).endMetadata().withAutomountServiceAccountToken(automount).build()).create();
    }

    private static Container container(String name, VolumeMount... mounts) {
        return new ContainerBuilder().withName(name).withImage("busybox").withVolumeMounts(mounts).build();
    }

    private Pod create(String namespace, String account, Boolean automount, List<Container> containers) {
        return admin.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName("p")
                .endMetadata().withNewSpec().withServiceAccountName(account).withAutomountServiceAccountToken(automount)
                .withInitContainers(container("init")).withContainers(containers)
                .addNewVolume().withName("own").withNewEmptyDir().endEmptyDir().endVolume().endSpec().build()).create();
    }

    static Stream<Arguments> admitted() {
        VolumeMount own = new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName("own").withMountPath(MOUNT)
                .withReadOnly(true).build();
        return Stream.of(
                // pod's account, pod's automount, its containers, containers that get the generated mount
                Arguments.of(null, null, List.of(container("a"), container("b")), List.of("init", "a", "b")),
                Arguments.of("robot", null, List.of(container("a")), List.of("init", "a")),
                Arguments.of(null, false, List.of(container("a")), List.of()),
                Arguments.of("quiet", null, List.of(container("a")), List.of()),
                Arguments.of("quiet", true, List.of(container("a")), List.of("init", "a")),
                Arguments.of(null, null, List.of(container("a", own), container("b")), List.of("init", "b")));
    }

    @ParameterizedTest
    @MethodSource
    void admitted(String account, Boolean automount, List<Container> containers, List<String> mounted) {
        account("default", "default", null);
        account("default", "robot", null);
        account("default", "quiet", false);

        Pod pod = create("default", account, automount, containers);

        String name = account == null ? "default" : account;
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(name);
        assertThat(pod.getSpec().getServiceAccount()).isEqualTo(name);
        List<Volume> generated = pod.getSpec().getVolumes().stream()
                .filter(v -> v.getName().startsWith("kube-api-access-")).toList();
        List<String> withMount = Stream.concat(pod.getSpec().getInitContainers().stream(),
                        pod.getSpec().getContainers().stream())
                .filter(c -> c.getVolumeMounts().stream().anyMatch(m -> generated.stream()
                        .anyMatch(v -> v.getName().equals(m.getName()) && m.getMountPath().equals(MOUNT)
                                && m.getReadOnly())))
                .map(Container::getName).toList();
        assertThat(withMount).isEqualTo(mounted);
        assertThat(generated).hasSize(mounted.isEmpty() ? 0 : 1);
        if (!mounted.isEmpty()) {
            var sources = generated.getFirst().getProjected().getSources();
            assertThat(generated.getFirst().getName()).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
            assertThat(sources.get(0).getServiceAccountToken().getExpirationSeconds()).isEqualTo(3607L);
            assertThat(sources.get(0).getServiceAccountToken().getPath()).isEqualTo("token");
            assertThat(sources.get(1).getConfigMap().getName()).isEqualTo("kube-root-ca.crt");
            assertThat(sources.get(1).getConfigMap().getItems().getFirst().getPath()).isEqualTo("ca.crt");
            assertThat(sources.get(2).getDownwardAPI().getItems().getFirst().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace");
            assertThat(generated.getFirst().getProjected().getDefaultMode()).isEqualTo(420);
        }
    }

    @Test
    void aNamedAccountThatDoesNotExistIsRefused() {
        account("default", "default", null);
        assertThatThrownBy(() -> create("default", "ghost", null, List.of(container("a"))))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage()).isEqualTo("pods \"p\" is forbidden: error looking up service"
                            + " account default/ghost: serviceaccount \"ghost\" not found");
                });
        assertThat(admin.pods().inNamespace("default").withName("p").get()).isNull();
    }

    @Test
    void withoutTheServiceAccountControllerAPodIsAdmittedWithoutTheVolume() {
        Pod pod = create("default", null, null, List.of(container("a")));

        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default");
        assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName).containsExactly("own");
    }

    @Test
    void aPodInANewNamespaceWaitsForItsDefaultAccount() throws Exception {
        account("default", "default", null);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("fresh").endMetadata().build())
                .create();
        Thread controller = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            account("fresh", "default", null);
        });

        Pod pod = create("fresh", null, null, List.of(container("a")));
        controller.join();

        assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName)
                .anySatisfy(name -> assertThat(name).startsWith("kube-api-access-"));
    }

    @Test
    void theVolumesTokenRequestIsSignedForAYearAndReportedForItsOwnLifetime() {
        account("default", "default", null);
        create("default", null, null, List.of(container("a")));

        TokenRequest volumeToken = token(3607L, true);
        TokenRequest other = token(3600L, true);
        TokenRequest unbound = token(3607L, false);

        Instant now = Instant.now();
        assertThat(Duration.between(now, Instant.parse(volumeToken.getStatus().getExpirationTimestamp())))
                .isBetween(Duration.ofSeconds(3590), Duration.ofSeconds(3610));
        assertThat(expiry(volumeToken)).isBetween(now.plus(Duration.ofDays(364)), now.plus(Duration.ofDays(366)));
        assertThat(expiry(other)).isBefore(now.plus(Duration.ofHours(2)));
        assertThat(expiry(unbound)).isBefore(now.plus(Duration.ofHours(2)));
    }

    private TokenRequest token(long seconds, boolean bound) {
        TokenRequestBuilder request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(seconds).endSpec();
        if (bound) {
            request.editSpec().withNewBoundObjectRef().withKind("Pod").withApiVersion("v1").withName("p")
                    .endBoundObjectRef().endSpec();
        }
        return admin.serviceAccounts().inNamespace("default").withName("default").tokenRequest(request.build());
    }

    private static Instant expiry(TokenRequest issued) {
        String payload = issued.getStatus().getToken().split("\\.")[1];
        JsonNode claims = JsonMapper.builder().build().readTree(
                new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        return Instant.ofEpochSecond(claims.path("exp").asLong());
    }
}
