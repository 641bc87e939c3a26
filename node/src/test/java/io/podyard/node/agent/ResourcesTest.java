package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.podyard.node.stats.StatsSummary;
import io.podyard.node.stats.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The resource lines with real runc: a memory limit breach is OOMKilled (137), a cpu
 * limit throttles (cpu.stat of the container's cgroup, under the pod's QoS class cgroup), the
 * node's stats summary reads usage from cgroups, and a pod writing past its ephemeral-storage
 * limit is evicted.
 */
class ResourcesTest extends AgentTest {
    @Test
    void aContainerAllocatingPastItsMemoryLimitIsOomKilledWithExitCode137() {
        create(new PodBuilder().withNewMetadata().withName("hungry").endMetadata().withNewSpec()
                .withNodeName("node-a").withRestartPolicy("Never").addNewContainer().withName("main")
                .withImage(busybox).withCommand("sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived")
                .withNewResources().addToLimits("memory", new Quantity("16Mi")).endResources().endContainer()
                .endSpec().build());

        Pod failed = awaitPod("hungry", p -> "Failed".equals(p.getStatus().getPhase()));

        ContainerStateTerminated terminated = failed.getStatus().getContainerStatuses().getFirst().getState()
                .getTerminated();
        assertThat(terminated.getReason()).isEqualTo("OOMKilled");
        assertThat(terminated.getExitCode()).isEqualTo(137);
        assertThat(failed.getStatus().getQosClass()).isEqualTo("Burstable");
    }

    @Test
    void aCpuLimitThrottlesAndTheStatsSummaryShowsThePodsUsage() throws Exception {
        Pod pod = create(new PodBuilder().withNewMetadata().withName("spinner").endMetadata().withNewSpec()
                .withNodeName("node-a").withTerminationGracePeriodSeconds(0L).addNewContainer().withName("main")
                .withImage(busybox).withCommand("sh", "-c", "while :; do :; done")
                .withNewResources().addToRequests("cpu", new Quantity("50m"))
                .addToLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi"))).endResources()
                .endContainer().endSpec().build());
        awaitPod("spinner", p -> "Running".equals(p.getStatus().getPhase()));
        String podCgroup = node.cgroupParent.substring(1) + "/burstable/pod" + pod.getMetadata().getUid();
        Path cpu = Path.of("/sys/fs/cgroup/cpu").resolve(podCgroup);

        await().atMost(WAIT).until(() -> throttled(cpu.resolve("main-0/cpu.stat")) > 0);

        assertThat(Files.readString(cpu.resolve("main-0/cpu.cfs_quota_us")).strip()).isEqualTo("10000");
        // The pod's cgroup carries the pod's sums (every container limits cpu and memory) and the node's pids limit.
        assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip()).isEqualTo("10000");
        assertThat(Files.readString(cpu.resolve("cpu.shares")).strip()).isEqualTo("51");
        assertThat(Files.readString(cpu.getParent().resolve("cpu.shares")).strip())
                .as("the Burstable parent shares its pods' requests").isEqualTo("51");
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/memory").resolve(podCgroup)
                .resolve("memory.limit_in_bytes")).strip()).isEqualTo(Long.toString(64L << 20));
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/pids").resolve(podCgroup).resolve("pids.max")).strip())
                .isEqualTo(Long.toString(NodeOptions.DEFAULT_POD_PIDS_LIMIT));

        StatsSummary stats = new StatsSummary("node-a", Instant.EPOCH, node.runtime(), node.cgroupParent,
                Clock.systemUTC());
        stats.summary();
        Thread.sleep(300); // two samples make a rate
        Summary summary = stats.summary();
        Summary.PodStats podStats = summary.pods().stream()
                .filter(p -> p.podRef().uid().equals(pod.getMetadata().getUid())).findFirst().orElseThrow();
        assertThat(podStats.podRef().name()).isEqualTo("spinner");
        assertThat(podStats.cpu().usageCoreNanoSeconds()).isPositive();
        assertThat(podStats.memory().workingSetBytes()).isPositive();
        Summary.ContainerStats main = podStats.containers().getFirst();
        assertThat(main.name()).isEqualTo("main");
        assertThat(main.cpu().usageNanoCores()).as("a rate from two samples").isNotNull().isPositive();
        assertThat(main.memory().usageBytes()).isPositive();
        assertThat(summary.node().cpu().usageCoreNanoSeconds()).isPositive();
        assertThat(new String(stats.json())).contains("\"podRef\":{\"name\":\"spinner\",\"namespace\":\"default\"");
    }

    @Test
    void aPodWritingPastItsEphemeralStorageLimitIsEvicted() {
        create(new PodBuilder().withNewMetadata().withName("filler").endMetadata().withNewSpec()
                .withNodeName("node-a").withTerminationGracePeriodSeconds(30L).addNewContainer().withName("main")
                .withImage(busybox).withCommand("sh", "-c", "dd if=/dev/zero of=/big bs=1048576 count=12; sleep 3600")
                .withNewResources().addToLimits("ephemeral-storage", new Quantity("10Mi")).endResources()
                .endContainer().endSpec().build());

        Pod evicted = awaitPod("filler", p -> "Failed".equals(p.getStatus().getPhase()));

        assertThat(evicted.getStatus().getReason()).isEqualTo("Evicted");
        assertThat(evicted.getStatus().getMessage())
                .isEqualTo("Pod ephemeral local storage usage exceeds the total limit of containers 10Mi.");
        assertThat(evicted.getStatus().getConditions()).anyMatch(c -> c.getType().equals("DisruptionTarget")
                && c.getStatus().equals("True"));
        await().atMost(WAIT).until(() -> client.pods().inNamespace("default").withName("filler").get().getStatus()
                .getContainerStatuses().getFirst().getState().getTerminated() != null);
    }

    private Pod create(Pod pod) {
        return client.pods().inNamespace("default").resource(pod).create();
    }

    private static long throttled(Path cpuStat) throws Exception {
        for (String line : Files.readAllLines(cpuStat)) {
            if (line.startsWith("nr_throttled ")) {
                return Long.parseLong(line.substring("nr_throttled ".length()).strip());
            }
        }
        return 0;
    }
}
