package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

/**
 * The security lines with real runc: runAsNonRoot refuses a root image with kubelet's
 * reason and message; runAsUser 1000 with a read-only root, all capabilities dropped, no
 * privilege escalation, RuntimeDefault seccomp and an fsGroup behaves as in Kubernetes.
 */
class SecurityContextTest extends AgentTest {
    @Test
    void runAsNonRootWithARootImageIsRefusedWithAClearReason() {
        Pod pod = client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("nonroot")
                .endMetadata().withNewSpec().withNodeName("node-a").withTerminationGracePeriodSeconds(0L)
                .withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext()
                .addNewContainer().withName("main").withImage(busybox).withCommand("sleep", "3600").endContainer()
                .endSpec().build()).create();

        Pod refused = awaitPod("nonroot", p -> p.getStatus().getContainerStatuses() != null
                && !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().getFirst().getState().getWaiting() != null
                && "CreateContainerConfigError".equals(p.getStatus().getContainerStatuses().getFirst().getState()
                        .getWaiting().getReason()));

        ContainerStateWaiting waiting = refused.getStatus().getContainerStatuses().getFirst().getState().getWaiting();
        assertThat(waiting.getMessage()).isEqualTo("container has runAsNonRoot and image will run as root (pod: \""
                + "nonroot_default(" + pod.getMetadata().getUid() + ")\", container: main)");
        assertThat(refused.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void aNonRootUserWithAReadOnlyRootAndNoCapabilitiesCannotWriteOrChown() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("locked")
                .endMetadata().withNewSpec().withNodeName("node-a").withRestartPolicy("Never")
                .withNewSecurityContext().withRunAsNonRoot(true).withFsGroup(2000L).withNewSeccompProfile()
                .withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("main").withImage(busybox).withCommand("sh", "-c",
                        "id; touch /written 2>&1; grep -E '^(NoNewPrivs|Seccomp|CapEff):' /proc/self/status;"
                                + " touch /data/mine && stat -c '%g %a' /data /data/mine; chown 0 /data/mine 2>&1;"
                                + " exit 0")
                .withNewSecurityContext().withRunAsUser(1000L).withRunAsGroup(3000L)
                .withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false)
                .withNewCapabilities().addToDrop("ALL").endCapabilities().endSecurityContext()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build()).create();

        Pod done = awaitPod("locked", p -> "Succeeded".equals(p.getStatus().getPhase())
                || "Failed".equals(p.getStatus().getPhase()));

        assertThat(log(done, "main")).isEqualTo("""
                uid=1000 gid=3000 groups=2000,3000
                touch: /written: Read-only file system
                CapEff:\t0000000000000000
                NoNewPrivs:\t1
                Seccomp:\t2
                2000 2777
                2000 644
                chown: /data/mine: Operation not permitted
                """);
    }
}
