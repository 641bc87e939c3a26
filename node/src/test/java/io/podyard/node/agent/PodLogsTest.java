package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** `kubectl logs` through the API server, which proxies to the node's streaming server. */
class PodLogsTest extends AgentTest {
    private Pod pod(String name, String restartPolicy, String script) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("node-a").withRestartPolicy(restartPolicy)
                .withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("main").withImage(busybox).withCommand("sh", "-c", script).endContainer()
                .endSpec().build();
    }

    private void run(Pod pod) {
        client.pods().inNamespace("default").resource(pod).create();
        awaitPod(pod.getMetadata().getName(), p -> "Running".equals(p.getStatus().getPhase()));
    }

    @Test
    void servesTheLogWithTailLimitAndTimestamps() {
        run(pod("printer", "Always", "echo one; echo two; echo three; sleep 3600"));
        var logs = client.pods().inNamespace("default").withName("printer");
        await().atMost(WAIT).until(() -> logs.getLog().equals("one\ntwo\nthree\n"));

        assertThat(logs.tailingLines(1).getLog()).isEqualTo("three\n");
        assertThat(logs.limitBytes(5).getLog()).isEqualTo("one\nt");
        assertThat(logs.usingTimestamps().getLog().lines().toList()).hasSize(3)
                .allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z (one|two|three)"));
        assertThat(logs.inContainer("main").sinceSeconds(3600).getLog()).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void followsTheLogUntilTheContainerEnds() throws Exception {
        client.pods().inNamespace("default").resource(pod("counter", "Never",
                "for i in 1 2 3; do echo line $i; sleep 0.5; done")).create();
        awaitPod("counter", p -> !"Pending".equals(p.getStatus().getPhase()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LogWatch watch = client.pods().inNamespace("default").withName("counter").watchLog(out)) {
            await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8).contains("line 3\n"));
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("line 1\nline 2\nline 3\n");
        }
    }

    @Test
    void theRequestNamesAContainerWhenThePodHasSeveral() {
        Pod two = new PodBuilder(pod("two", "Always", "sleep 3600")).editSpec().addNewContainer().withName("b")
                .withImage(busybox).withCommand("sleep", "3600").endContainer().endSpec().build();
        two.getSpec().getContainers().getFirst().setName("a");
        run(two);

        assertThatThrownBy(() -> client.pods().inNamespace("default").withName("two").getLog())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getStatus().getMessage())
                            .isEqualTo("a container name must be specified for pod two, choose one of: [a b]");
                });
        assertThatThrownBy(() -> client.pods().inNamespace("default").withName("two").inContainer("c").getLog())
                .isInstanceOfSatisfying(KubernetesClientException.class, e ->
                        assertThat(e.getStatus().getMessage()).isEqualTo("container c is not valid for pod two"));
    }

    @Test
    void aPodWithoutANodeHasNoLogYet() {
        Pod pending = new PodBuilder(pod("pending", "Always", "sleep 3600")).editSpec().withNodeName(null).endSpec()
                .build();
        client.pods().inNamespace("default").resource(pending).create();

        assertThatThrownBy(() -> client.pods().inNamespace("default").withName("pending").getLog())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getStatus().getMessage()).isEqualTo("pod pending does not have a host assigned");
                });
    }

    @Test
    void previousServesTheAttemptBeforeARestart() {
        // Each attempt counts itself in an emptyDir; the third stays (the second restart waits 10 s).
        Pod counting = new PodBuilder(pod("crasher", "Always", "n=$(cat /data/n 2>/dev/null || echo 0); n=$((n+1));"
                + " echo $n > /data/n; echo run $n; [ $n -ge 3 ] && exec sleep 3600; exit 1")).editSpec()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .editFirstContainer().addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .endContainer().endSpec().build();
        client.pods().inNamespace("default").resource(counting).create();
        awaitPod("crasher", p -> !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().getFirst().getState().getRunning() != null
                && p.getStatus().getContainerStatuses().getFirst().getRestartCount() == 2);
        var logs = client.pods().inNamespace("default").withName("crasher");

        await().atMost(WAIT).until(() -> logs.getLog().equals("run 3\n"));
        assertThat(logs.terminated().getLog()).isEqualTo("run 2\n");
    }
}
