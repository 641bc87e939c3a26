package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
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
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().withData(Map.of("key", "value")).build()).create();
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("locked")
                .endMetadata().withNewSpec().withNodeName("node-a").withRestartPolicy("Never")
                .withNewSecurityContext().withRunAsNonRoot(true).withFsGroup(2000L).withNewSeccompProfile()
                .withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("main").withImage(busybox).withCommand("sh", "-c",
                        "id; touch /written 2>&1; grep -E '^(NoNewPrivs|Seccomp|CapEff):' /proc/self/status;"
                                + " touch /data/mine && stat -c '%g %a' /data /data/mine; chown 0 /data/mine 2>&1;"
                                + " stat -L -c '%g %a' /config/key;"
                                + " exit 0")
                .withNewSecurityContext().withRunAsUser(1000L).withRunAsGroup(3000L)
                .withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false)
                .withNewCapabilities().addToDrop("ALL").endCapabilities().endSecurityContext()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .addNewVolumeMount().withName("config").withMountPath("/config").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("config").withNewConfigMap().withName("settings").endConfigMap().endVolume()
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
                2000 644
                """);
    }

    @Test
    void aPrivilegedContainerHasEveryCapabilityAndTheHostsDevicesAndMayMountUnlikeTheDefault() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("privileged")
                .endMetadata().withNewSpec().withNodeName("node-a").withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage(busybox).withCommand("sh", "-c",
                        "grep -E '^CapEff:' /proc/self/status; test -c /dev/kmsg && echo kmsg;"
                                + " mount -t tmpfs none /tmp && echo mounted && umount /tmp")
                .withNewSecurityContext().withPrivileged(true).endSecurityContext().endContainer()
                .addNewContainer().withName("plain").withImage(busybox).withCommand("sh", "-c",
                        "grep -E '^(CapEff|Seccomp):' /proc/self/status; test -c /dev/kmsg || echo no-kmsg;"
                                + " mount -t tmpfs none /tmp 2>/dev/null || echo no-mount")
                .withNewSecurityContext().withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext().endContainer().endSpec().build()).create();

        Pod done = awaitPod("privileged", p -> "Succeeded".equals(p.getStatus().getPhase())
                || "Failed".equals(p.getStatus().getPhase()));

        // Every capability the agent holds itself (a host may withhold some, e.g. CAP_SYS_RESOURCE).
        String own = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapBnd:")).findFirst().orElseThrow().substring("CapBnd:".length()).strip();
        assertThat(log(done, "main")).isEqualTo("CapEff:\t" + own + "\nkmsg\nmounted\n");
        assertThat(log(done, "plain")).isEqualTo("CapEff:\t00000000a80425fb\nSeccomp:\t2\nno-kmsg\nno-mount\n");
    }
}
