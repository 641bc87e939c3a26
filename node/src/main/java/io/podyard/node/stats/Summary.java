package io.podyard.node.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The node's usage shaped like kubelet's {@code /stats/summary} (k8s.io/kubelet/pkg/apis/stats/v1alpha1),
 * the parts metrics-server reads: cpu and memory of the node, each pod and each of its containers.
 * Times are RFC 3339 strings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Summary(NodeStats node, List<PodStats> pods) {
    public Summary {
        pods = List.copyOf(pods);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeStats(String nodeName, String startTime, CpuStats cpu, MemoryStats memory) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodStats(PodReference podRef, String startTime, List<ContainerStats> containers, CpuStats cpu,
                           MemoryStats memory) {
        public PodStats {
            containers = List.copyOf(containers);
        }
    }

    public record PodReference(String name, String namespace, String uid) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContainerStats(String name, String startTime, CpuStats cpu, MemoryStats memory) {
    }

    /** {@code usageNanoCores} is the rate since the previous sample of the same cgroup; absent on the first. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CpuStats(String time, Long usageNanoCores, long usageCoreNanoSeconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemoryStats(String time, Long availableBytes, long usageBytes, long workingSetBytes, long rssBytes,
                              long pageFaults, long majorPageFaults) {
    }
}
