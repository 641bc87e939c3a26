package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

/** A projected serviceAccountToken volume holds a token of the pod's ServiceAccount that the API server accepts. */
class ServiceAccountTokenVolumeTest extends AgentTest {
    @Test
    void theContainerReadsATokenTheApiServerAcceptsForItsAccount() throws Exception {
        client.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("robot").endMetadata().build()).create();
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("reader")
                .endMetadata().withNewSpec().withNodeName("node-a").withRestartPolicy("Never")
                .withServiceAccountName("robot").addNewContainer().withName("main").withImage(busybox)
                .withCommand("cat", "/var/run/secrets/tokens/robot-token")
                .addNewVolumeMount().withName("token").withMountPath("/var/run/secrets/tokens").endVolumeMount()
                .endContainer().addNewVolume().withName("token").withNewProjected().addNewSource()
                .withNewServiceAccountToken().withPath("robot-token").withExpirationSeconds(600L)
                .endServiceAccountToken().endSource().endProjected().endVolume().endSpec().build()).create();

        Pod done = awaitPod("reader", p -> "Succeeded".equals(p.getStatus().getPhase()));
        String token = log(done, "main").strip();

        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        try (KubernetesClient robot = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(server.url()).withCaCertFile(server.controlPlane().credentials().caPem().toString())
                .withOauthToken(token).withAutoConfigure(false).build()).build()) {
            assertThat(robot.pods().inNamespace("default").withName("reader").get().getMetadata().getUid())
                    .isEqualTo(done.getMetadata().getUid());
        }
    }
}
