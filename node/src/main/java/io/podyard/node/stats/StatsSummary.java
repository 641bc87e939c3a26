package io.podyard.node.stats;

import io.podyard.node.runtime.Cgroups;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.runtime.ContainerState;
import io.podyard.node.runtime.ContainerStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node's stats summary from cgroups: the node (the root cgroup), each pod with running
 * containers (its pod cgroup) and each running container (its attempt's cgroup). The cpu rate
 * (usageNanoCores) needs two samples; the last sample per cgroup is kept between calls.
 *
 * <p>To serve it, the node's HTTPS server answers {@code GET /stats/summary} with {@link #json()}
 * (content type application/json), as kubelet does on its port 10250.
 */
public final class StatsSummary {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String nodeName;
    private final Instant nodeStartTime;
    private final ContainerRuntime runtime;
    private final String cgroupParent;
    private final Clock clock;
    private final Map<String, Sample> last = new ConcurrentHashMap<>();

    private record Sample(Instant at, long cpuNanos) {
    }

    public StatsSummary(String nodeName, Instant nodeStartTime, ContainerRuntime runtime, String cgroupParent,
                        Clock clock) {
        this.nodeName = nodeName;
        this.nodeStartTime = nodeStartTime;
        this.runtime = runtime;
        this.cgroupParent = cgroupParent;
        this.clock = clock;
    }

    public Summary summary() {
        Instant now = clock.instant();
        Map<String, List<ContainerStatus>> byPod = new LinkedHashMap<>();
        for (ContainerStatus status : runtime.list()) {
            if (status.state() instanceof ContainerState.Running) {
                byPod.computeIfAbsent(status.info().podUid(), uid -> new ArrayList<>()).add(status);
            }
        }
        List<Summary.PodStats> pods = new ArrayList<>();
        byPod.forEach((uid, containers) -> Cgroups.findPod(cgroupParent, uid).ifPresent(podPath -> {
            List<Summary.ContainerStats> stats = new ArrayList<>();
            for (ContainerStatus c : containers) {
                String path = podPath + "/" + c.info().name() + "-" + c.info().attempt();
                usage(path, now).ifPresent(u -> stats.add(new Summary.ContainerStats(c.info().name(),
                        ((ContainerState.Running) c.state()).startedAt().toString(), cpu(path, u, now), memory(u, now))));
            }
            ContainerStatus first = containers.getFirst();
            usage(podPath, now).ifPresent(u -> pods.add(new Summary.PodStats(new Summary.PodReference(
                    first.info().podName(), first.info().podNamespace(), uid), first.info().createdAt().toString(),
                    stats, cpu(podPath, u, now), memory(u, now))));
        }));
        Summary.NodeStats node = new Summary.NodeStats(nodeName, nodeStartTime.toString(),
                usage("/", now).map(u -> cpu("/", u, now)).orElse(null),
                usage("/", now).map(u -> memory(u, now)).orElse(null));
        last.keySet().retainAll(sampledPaths(byPod));
        return new Summary(node, pods);
    }

    public byte[] json() {
        return JSON.writeValueAsBytes(summary());
    }

    private java.util.Set<String> sampledPaths(Map<String, List<ContainerStatus>> byPod) {
        java.util.Set<String> keep = new java.util.HashSet<>(List.of("/"));
        byPod.forEach((uid, containers) -> Cgroups.findPod(cgroupParent, uid).ifPresent(pod -> {
            keep.add(pod);
            containers.forEach(c -> keep.add(pod + "/" + c.info().name() + "-" + c.info().attempt()));
        }));
        return keep;
    }

    private static Optional<CgroupUsage> usage(String cgroupPath, Instant now) {
        return CgroupUsage.read(Cgroups.controllerDir("cpuacct", cgroupPath),
                Cgroups.controllerDir("memory", cgroupPath));
    }

    private Summary.CpuStats cpu(String path, CgroupUsage usage, Instant now) {
        Sample previous = last.put(path, new Sample(now, usage.cpuUsageNanos()));
        Long rate = null;
        if (previous != null) {
            long nanos = Duration.between(previous.at(), now).toNanos();
            if (nanos > 0 && usage.cpuUsageNanos() >= previous.cpuNanos()) {
                rate = (long) ((usage.cpuUsageNanos() - previous.cpuNanos()) * 1e9 / nanos);
            }
        }
        return new Summary.CpuStats(now.toString(), rate, usage.cpuUsageNanos());
    }

    private static Summary.MemoryStats memory(CgroupUsage usage, Instant now) {
        return new Summary.MemoryStats(now.toString(), null, usage.memoryUsageBytes(), usage.workingSetBytes(),
                usage.rssBytes(), usage.pageFaults(), usage.majorPageFaults());
    }
}
