package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Probes against real containers: liveness restarts, readiness flips Ready both ways. */
class ProbesTest extends AgentTest {
    static PodBuilder pod(String name, String script) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("node-a").withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("main").withImage(busybox).withCommand("sh", "-c", script)
                .endContainer().endSpec();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    static int restarts(Pod pod) {
        return pod.getStatus().getContainerStatuses() == null || pod.getStatus().getContainerStatuses().isEmpty() ? 0
                : pod.getStatus().getContainerStatuses().getFirst().getRestartCount();
    }

    List<String> events(String pod) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(pod))
                .map(Event::getReason).toList();
    }

    @Test
    void aLivenessProbeThatStartsFailingRestartsTheContainer() {
        client.pods().inNamespace("default").resource(pod("sick",
                        "touch /tmp/healthy; sleep 3; rm /tmp/healthy; exec sleep 3600").editSpec().editFirstContainer()
                .withNewLivenessProbe().withNewExec().withCommand("cat", "/tmp/healthy").endExec().withPeriodSeconds(1)
                .withFailureThreshold(2).endLivenessProbe().endContainer().endSpec().build()).create();

        Pod restarted = awaitPod("sick", p -> restarts(p) >= 1);

        var main = restarted.getStatus().getContainerStatuses().getFirst();
        assertThat(main.getLastState().getTerminated()).isNotNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(events("sick")).contains("Unhealthy", "Killing"));
        List<String> reasons = events("sick");
        assertThat(reasons.indexOf("Unhealthy")).isLessThan(reasons.indexOf("Killing"));
    }

    @Test
    void anExecReadinessProbeFlipsReadyBothWays() {
        client.pods().inNamespace("default").resource(pod("flip",
                        "while true; do touch /tmp/ready; sleep 4; rm -f /tmp/ready; sleep 4; done").editSpec()
                .editFirstContainer().withNewReadinessProbe().withNewExec().withCommand("cat", "/tmp/ready").endExec()
                .withPeriodSeconds(1).withFailureThreshold(1).endReadinessProbe().endContainer().endSpec().build())
                .create();

        awaitPod("flip", ProbesTest::ready);
        Pod unready = awaitPod("flip", p -> !ready(p) && "Running".equals(p.getStatus().getPhase()));
        assertThat(unready.getStatus().getContainerStatuses().getFirst().getReady()).isFalse();
        assertThat(unready.getStatus().getContainerStatuses().getFirst().getStarted()).isTrue();
        Pod again = awaitPod("flip", ProbesTest::ready);
        assertThat(again.getStatus().getContainerStatuses().getFirst().getReady()).isTrue();
        assertThat(restarts(again)).isZero();
    }

    @Test
    void anHttpGetReadinessProbeByPortNameFlipsReadyAndATcpLivenessProbeKeepsItAlive() {
        client.pods().inNamespace("default").resource(pod("web", "mkdir -p /www; httpd -p 8080 -h /www;"
                        + " while true; do echo ok > /www/healthz; sleep 4; rm -f /www/healthz; sleep 4; done")
                .editSpec().editFirstContainer().addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http"))
                .addNewHttpHeader("X-Probe", "yes").endHttpGet().withPeriodSeconds(1).withFailureThreshold(1)
                .endReadinessProbe()
                .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString(8080)).endTcpSocket()
                .withPeriodSeconds(1).endLivenessProbe()
                .endContainer().endSpec().build()).create();

        awaitPod("web", ProbesTest::ready);
        awaitPod("web", p -> !ready(p));
        Pod again = awaitPod("web", ProbesTest::ready);

        assertThat(restarts(again)).isZero();
        assertThat(events("web")).doesNotContain("Killing");
    }
}
