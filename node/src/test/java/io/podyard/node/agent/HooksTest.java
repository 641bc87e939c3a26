package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** postStart and preStop hooks and termination messages with real containers. */
class HooksTest extends AgentTest {
    static PodBuilder pod(String name, String restartPolicy, String script) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("node-a").withRestartPolicy(restartPolicy)
                .withTerminationGracePeriodSeconds(1L)
                .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewContainer().withName("main").withImage(busybox).withCommand("sh", "-c", script)
                .addNewVolumeMount().withName("work").withMountPath("/work").endVolumeMount()
                .endContainer().endSpec();
    }

    static ContainerStatus main(Pod pod) {
        return pod.getStatus().getContainerStatuses().getFirst();
    }

    boolean hasEvent(String pod, String reason) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(pod)).map(Event::getReason)
                .anyMatch(reason::equals);
    }

    @Test
    void aPostStartHookRunsInTheContainerAfterItStarts() throws Exception {
        client.pods().inNamespace("default").resource(pod("post", "Never",
                        "while [ ! -f /work/hook ]; do sleep 0.2; done; cat /work/hook").editSpec().editFirstContainer()
                .withNewLifecycle().withNewPostStart().withNewExec().withCommand("sh", "-c", "echo from-hook > /work/hook")
                .endExec().endPostStart().endLifecycle().endContainer().endSpec().build()).create();

        Pod done = awaitPod("post", p -> "Succeeded".equals(p.getStatus().getPhase()));

        assertThat(log(done, "main")).isEqualTo("from-hook\n");
    }

    @Test
    void aFailingPostStartHookKillsTheContainer() {
        client.pods().inNamespace("default").resource(pod("badpost", "Never", "exec sleep 3600").editSpec()
                .editFirstContainer().withNewLifecycle().withNewPostStart().withNewExec().withCommand("sh", "-c", "exit 1")
                .endExec().endPostStart().endLifecycle().endContainer().endSpec().build()).create();

        Pod failed = awaitPod("badpost", p -> "Failed".equals(p.getStatus().getPhase()));

        assertThat(main(failed).getState().getTerminated().getExitCode()).isEqualTo(137);
        await().atMost(WAIT).until(() -> hasEvent("badpost", "FailedPostStartHook"));
    }

    @Test
    void aPreStopHookRunsBeforeALivenessKill() throws Exception {
        // The first attempt turns unhealthy; its preStop hook leaves a note that the next attempt prints.
        client.pods().inNamespace("default").resource(pod("pre", "Always",
                        "cat /work/bye 2>/dev/null; touch /tmp/ok; sleep 2; rm /tmp/ok; exec sleep 3600").editSpec()
                .editFirstContainer().withNewLifecycle().withNewPreStop().withNewExec()
                .withCommand("sh", "-c", "echo bye-from-prestop > /work/bye").endExec().endPreStop().endLifecycle()
                .withNewLivenessProbe().withNewExec().withCommand("cat", "/tmp/ok").endExec().withPeriodSeconds(1)
                .withFailureThreshold(1).endLivenessProbe().endContainer().endSpec().build()).create();

        Pod restarted = awaitPod("pre", p -> p.getStatus().getContainerStatuses() != null
                && !p.getStatus().getContainerStatuses().isEmpty() && main(p).getRestartCount() >= 1
                && main(p).getState().getRunning() != null);

        Path second = node.logFile("default", "pre", restarted.getMetadata().getUid(), "main", 1);
        await().atMost(WAIT).until(() -> Files.exists(second) && Files.readString(second).contains("bye-from-prestop"));
    }

    @Test
    void terminationMessagesComeFromTheFileOrTheLogOnError() {
        client.pods().inNamespace("default").resource(pod("msg", "Never",
                "echo all-done > /dev/termination-log").build()).create();
        client.pods().inNamespace("default").resource(pod("custom", "Never",
                        "echo custom-path > /tmp/why; exit 4").editSpec().editFirstContainer()
                .withTerminationMessagePath("/tmp/why").endContainer().endSpec().build()).create();
        client.pods().inNamespace("default").resource(pod("fallback", "Never",
                        "echo line-one; echo oops; exit 2").editSpec().editFirstContainer()
                .withTerminationMessagePolicy("FallbackToLogsOnError").endContainer().endSpec().build()).create();

        Pod msg = awaitPod("msg", p -> "Succeeded".equals(p.getStatus().getPhase()));
        Pod custom = awaitPod("custom", p -> "Failed".equals(p.getStatus().getPhase()));
        Pod fallback = awaitPod("fallback", p -> "Failed".equals(p.getStatus().getPhase()));

        assertThat(main(msg).getState().getTerminated().getMessage()).isEqualTo("all-done\n");
        assertThat(main(custom).getState().getTerminated().getMessage()).isEqualTo("custom-path\n");
        assertThat(main(custom).getState().getTerminated().getExitCode()).isEqualTo(4);
        assertThat(main(fallback).getState().getTerminated().getMessage()).isEqualTo("line-one\noops\n");
    }
}
