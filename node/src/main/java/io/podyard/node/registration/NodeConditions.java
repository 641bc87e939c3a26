package io.podyard.node.registration;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's conditions from its pressure (pure), with kubelet's reasons and messages and its
 * default hard eviction thresholds: memory.available &lt; 100Mi, nodefs.available &lt; 10%, and
 * (Podyard's own) fewer than 5% of pid_max free. Ready is True while the agent runs.
 * Transition times are kept from {@code previous} while a status stays the same; every
 * condition's heartbeat is {@code now}.
 */
public final class NodeConditions {
    static final long MEMORY_THRESHOLD = 100L << 20;

    private NodeConditions() {
    }

    public static List<NodeCondition> of(NodePressure pressure, List<NodeCondition> previous, Instant now) {
        boolean memory = pressure.memoryAvailableBytes() < MEMORY_THRESHOLD;
        boolean disk = pressure.diskTotalBytes() > 0 && pressure.diskAvailableBytes() * 10 < pressure.diskTotalBytes();
        boolean pids = pressure.pidMax() > 0 && (pressure.pidMax() - pressure.pids()) * 20 < pressure.pidMax();
        return List.of(
                condition(previous, "MemoryPressure", memory, memory ? "KubeletHasInsufficientMemory"
                        : "KubeletHasSufficientMemory", memory ? "kubelet has insufficient memory available"
                        : "kubelet has sufficient memory available", now),
                condition(previous, "DiskPressure", disk, disk ? "KubeletHasDiskPressure" : "KubeletHasNoDiskPressure",
                        disk ? "kubelet has disk pressure" : "kubelet has no disk pressure", now),
                condition(previous, "PIDPressure", pids, pids ? "KubeletHasInsufficientPID" : "KubeletHasSufficientPID",
                        pids ? "kubelet has insufficient PID available" : "kubelet has sufficient PID available", now),
                condition(previous, "Ready", true, "KubeletReady", "kubelet is posting ready status", now));
    }

    /** Whether two condition lists say the same, heartbeat times aside. */
    public static boolean sameStatus(List<NodeCondition> a, List<NodeCondition> b) {
        if (a == null || b == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            NodeCondition x = a.get(i);
            NodeCondition y = b.get(i);
            if (!Objects.equals(x.getType(), y.getType()) || !Objects.equals(x.getStatus(), y.getStatus())
                    || !Objects.equals(x.getReason(), y.getReason())
                    || !Objects.equals(x.getLastTransitionTime(), y.getLastTransitionTime())) {
                return false;
            }
        }
        return true;
    }

    private static NodeCondition condition(List<NodeCondition> previous, String type, boolean value, String reason,
                                           String message, Instant now) {
        String status = value ? "True" : "False";
        String at = time(now);
        Optional<NodeCondition> old = previous == null ? Optional.empty()
                : previous.stream().filter(c -> type.equals(c.getType())).findFirst();
        String since = old.filter(c -> status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(NodeCondition::getLastTransitionTime).orElse(at);
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(at).withLastTransitionTime(since).build();
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
