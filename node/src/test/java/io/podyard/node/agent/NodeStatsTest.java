package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The node server's {@code /stats/summary} (kubelet's Summary API): usage of the node's pods from their cgroups. */
class NodeStatsTest extends AgentTest {
    @Test
    void theNodeServesItsPodsUsageAsKubeletsSummary() throws Exception {
        Pod pod = client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("busy")
                .endMetadata().withNewSpec().withNodeName("node-a").withTerminationGracePeriodSeconds(0L)
                .addNewContainer().withName("main").withImage(busybox).withCommand("sh", "-c",
                        "head -c 4000000 /dev/zero > /dev/shm/blob; while true; do :; done").endContainer()
                .endSpec().build()).create();
        awaitPod("busy", p -> "Running".equals(p.getStatus().getPhase()));
        int port = client.nodes().withName("node-a").get().getStatus().getDaemonEndpoints().getKubeletEndpoint()
                .getPort();
        // The admin's certificate is in system:masters, as the API server's kubelet client certificate is.
        Config config = Config.fromKubeconfig(Files.readString(server.controlPlane().kubeconfig()));
        config.setMasterUrl("https://127.0.0.1:" + port);
        config.setDisableHostnameVerification(true);
        try (KubernetesClient node = new KubernetesClientBuilder().withConfig(config).build()) {
            JsonNode summary = await().atMost(WAIT).until(() -> JsonMapper.builder().build()
                    .readTree(node.raw("https://127.0.0.1:" + port + "/stats/summary")), s -> s.path("pods").size() == 1
                    && s.path("pods").path(0).path("containers").path(0).path("cpu").path("usageCoreNanoSeconds")
                    .asLong() > 0);
            assertThat(summary.path("node").path("nodeName").asString()).isEqualTo("node-a");
            JsonNode stats = summary.path("pods").path(0);
            assertThat(stats.path("podRef").path("uid").asString()).isEqualTo(pod.getMetadata().getUid());
            assertThat(stats.path("containers").path(0).path("name").asString()).isEqualTo("main");
            assertThat(stats.path("memory").path("workingSetBytes").asLong()).isGreaterThan(1_000_000);
        }
    }
}
