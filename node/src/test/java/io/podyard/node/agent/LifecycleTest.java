package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.junit.jupiter.api.Test;

/**
 * A pod's life with real runc: init containers one by one before the app, a native sidecar
 * beside it (gating the app until its startup probe passed, stopped when the app is done),
 * restart policies with CrashLoopBackOff, and init failures under each policy.
 */
class LifecycleTest extends AgentTest {
    static PodBuilder pod(String name, String restartPolicy) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("node-a").withRestartPolicy(restartPolicy)
                .withTerminationGracePeriodSeconds(1L)
                .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume().endSpec();
    }

    static ContainerStatus status(java.util.List<ContainerStatus> statuses, String name) {
        return statuses.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    static String condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type))
                .map(PodCondition::getStatus).findFirst().orElse("");
    }

    /** Init containers append to an emptyDir; the sidecar appends twice, the second time once started. */
    static Pod sequencePod(String name, String restartPolicy, String app) {
        return pod(name, restartPolicy).editSpec()
                .addNewInitContainer().withName("first").withImage(busybox)
                .withCommand("sh", "-c", "echo one >> /work/seq").addNewVolumeMount().withName("work")
                .withMountPath("/work").endVolumeMount().endInitContainer()
                .addNewInitContainer().withName("second").withImage(busybox)
                .withCommand("sh", "-c", "echo two >> /work/seq").addNewVolumeMount().withName("work")
                .withMountPath("/work").endVolumeMount().endInitContainer()
                .addNewInitContainer().withName("side").withImage(busybox).withRestartPolicy("Always")
                .withCommand("sh", "-c", "echo side >> /work/seq; sleep 2; echo side-up >> /work/seq;"
                        + " touch /tmp/up; exec sleep 3600")
                .withNewStartupProbe().withNewExec().withCommand("cat", "/tmp/up").endExec().withPeriodSeconds(1)
                .withFailureThreshold(30).endStartupProbe()
                .addNewVolumeMount().withName("work").withMountPath("/work").endVolumeMount().endInitContainer()
                .addNewContainer().withName("app").withImage(busybox).withCommand("sh", "-c", app)
                .addNewVolumeMount().withName("work").withMountPath("/work").endVolumeMount().endContainer()
                .endSpec().build();
    }

    @Test
    void initContainersRunInOrderAndTheSidecarRunsBesideTheApp() throws Exception {
        client.pods().inNamespace("default").resource(sequencePod("seq", "Always", "cat /work/seq; exec sleep 3600"))
                .create();

        Pod running = awaitPod("seq", p -> "Running".equals(p.getStatus().getPhase())
                && "True".equals(condition(p, "Ready")));

        assertThat(log(running, "app")).isEqualTo("one\ntwo\nside\nside-up\n");
        assertThat(condition(running, "Initialized")).isEqualTo("True");
        var inits = running.getStatus().getInitContainerStatuses();
        assertThat(inits).extracting(ContainerStatus::getName).containsExactly("first", "second", "side");
        assertThat(status(inits, "first").getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(status(inits, "second").getState().getTerminated().getExitCode()).isZero();
        assertThat(status(inits, "side").getState().getRunning()).isNotNull();
        assertThat(status(inits, "side").getStarted()).isTrue();
        assertThat(status(running.getStatus().getContainerStatuses(), "app").getReady()).isTrue();
    }

    @Test
    void whenTheAppIsDoneUnderNeverTheSidecarIsStoppedAndThePodSucceeds() {
        client.pods().inNamespace("default").resource(sequencePod("job", "Never", "grep -q side-up /work/seq"))
                .create();

        Pod done = awaitPod("job", p -> "Succeeded".equals(p.getStatus().getPhase()));

        assertThat(status(done.getStatus().getContainerStatuses(), "app").getState().getTerminated().getExitCode())
                .isZero();
        assertThat(status(done.getStatus().getInitContainerStatuses(), "side").getState().getTerminated())
                .as(done.getStatus().getInitContainerStatuses().toString())
                .isNotNull();
    }

    @Test
    void aCrashingContainerBacksOffWithAGrowingRestartCount() {
        client.pods().inNamespace("default").resource(pod("crash", "Always").editSpec().addNewContainer()
                .withName("main").withImage(busybox).withCommand("sh", "-c", "exit 1").endContainer().endSpec()
                .build()).create();

        Pod crashing = awaitPod("crash", p -> p.getStatus().getContainerStatuses() != null
                && !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().getFirst().getRestartCount() >= 2
                && p.getStatus().getContainerStatuses().getFirst().getState().getWaiting() != null
                && "CrashLoopBackOff".equals(p.getStatus().getContainerStatuses().getFirst().getState().getWaiting()
                .getReason()));

        ContainerStatus main = crashing.getStatus().getContainerStatuses().getFirst();
        assertThat(crashing.getStatus().getPhase()).isEqualTo("Running");
        assertThat(main.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(main.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(main.getState().getWaiting().getMessage()).startsWith("back-off ");
    }

    @Test
    void aFailedInitContainerFailsThePodUnderNeverAndIsRetriedUnderOnFailure() {
        client.pods().inNamespace("default").resource(pod("never", "Never").editSpec().addNewInitContainer()
                .withName("init").withImage(busybox).withCommand("sh", "-c", "exit 3").endInitContainer()
                .addNewContainer().withName("app").withImage(busybox).withCommand("true").endContainer().endSpec()
                .build()).create();
        client.pods().inNamespace("default").resource(pod("retry", "OnFailure").editSpec().addNewInitContainer()
                .withName("init").withImage(busybox).withCommand("sh", "-c", "exit 3").endInitContainer()
                .addNewContainer().withName("app").withImage(busybox).withCommand("true").endContainer().endSpec()
                .build()).create();

        Pod failed = awaitPod("never", p -> "Failed".equals(p.getStatus().getPhase()));
        Pod retried = awaitPod("retry", p -> p.getStatus().getInitContainerStatuses() != null
                && !p.getStatus().getInitContainerStatuses().isEmpty()
                && p.getStatus().getInitContainerStatuses().getFirst().getRestartCount() >= 1);

        assertThat(failed.getStatus().getInitContainerStatuses().getFirst().getState().getTerminated().getExitCode())
                .isEqualTo(3);
        assertThat(failed.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getReason())
                .isEqualTo("PodInitializing");
        assertThat(condition(failed, "Initialized")).isEqualTo("False");
        assertThat(retried.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(retried.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getReason())
                .isEqualTo("PodInitializing");
    }
}
