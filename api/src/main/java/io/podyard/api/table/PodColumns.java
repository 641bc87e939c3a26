package io.podyard.api.table;

import static io.podyard.api.table.Column.AGE;
import static io.podyard.api.table.Column.NAME;
import static io.podyard.api.table.Fields.bool;
import static io.podyard.api.table.Fields.integer;
import static io.podyard.api.table.Fields.present;
import static io.podyard.api.table.Fields.text;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods, as Kubernetes' printPod sums them up: READY counts ready containers (and started sidecars),
 * STATUS is the most telling reason among phase, init containers and containers, RESTARTS adds when
 * the last restart was.
 */
final class PodColumns implements KindColumns {
    static final PodColumns POD = new PodColumns();

    private static final List<Column> COLUMNS = List.of(
            NAME,
            Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Column.string("Status", "The aggregate status of the containers in this pod."),
            Column.string("Restarts", "The number of times the containers in this pod have been restarted and when"
                    + " the last container in this pod has restarted."),
            AGE,
            Column.wide("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster."
                    + " Empty if not yet allocated."),
            Column.wide("Node", "string", "NodeName indicates in which node this pod is scheduled."),
            Column.wide("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other"
                    + " pods on the node, but it cannot be scheduled right away as preemption victims receive their"
                    + " graceful termination periods."),
            Column.wide("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod"
                    + " readiness."));

    private static final List<RowCondition> SUCCEEDED =
            List.of(new RowCondition("Completed", "True", "Succeeded", "The pod has completed successfully."));
    private static final List<RowCondition> FAILED =
            List.of(new RowCondition("Completed", "True", "Failed", "The pod failed."));

    private PodColumns() {}

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<RowCondition> conditions(ObjectNode pod) {
        return switch (text(pod, "status", "phase")) {
            case "Succeeded" -> SUCCEEDED;
            case "Failed" -> FAILED;
            default -> List.of();
        };
    }

    @Override
    public List<Object> cells(ObjectNode pod, Instant now) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        Summary summary = summarize(spec, status, present(pod, "metadata", "deletionTimestamp"));
        String restarts = Long.toString(summary.restarts);
        if (summary.restarts != 0 && summary.lastRestart != null) {
            restarts = summary.restarts + " (" + Fields.since(summary.lastRestart, now) + " ago)";
        }
        return List.of(Fields.name(pod), summary.ready + "/" + summary.total, summary.reason, restarts,
                Fields.age(pod, now), orNone(podIp(status)), orNone(text(spec, "nodeName")),
                orNone(text(status, "nominatedNodeName")), readinessGates(spec, status));
    }

    /** What READY, STATUS and RESTARTS are made of. */
    private static final class Summary {
        int ready;
        int total;
        long restarts;
        Instant lastRestart;
        String reason;
    }

    private static Summary summarize(JsonNode spec, JsonNode status, boolean deleting) {
        Summary s = new Summary();
        s.total = spec.path("containers").size();
        String phase = text(status, "phase");
        s.reason = text(status, "reason").isEmpty() ? phase : text(status, "reason");
        for (JsonNode condition : status.path("conditions")) {
            if (text(condition, "type").equals("PodScheduled") && text(condition, "reason").equals("SchedulingGated")) {
                s.reason = "SchedulingGated";
            }
        }
        // Init containers with restartPolicy Always are sidecars: they count as containers.
        Map<String, Boolean> sidecar = new HashMap<>();
        for (JsonNode init : spec.path("initContainers")) {
            boolean restartable = text(init, "restartPolicy").equals("Always");
            sidecar.put(text(init, "name"), restartable);
            if (restartable) {
                s.total++;
            }
        }
        long sidecarRestarts = 0;
        Instant lastSidecarRestart = null;
        boolean initializing = false;
        int initCount = spec.path("initContainers").size();
        JsonNode initStatuses = status.path("initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode container = initStatuses.get(i);
            boolean isSidecar = sidecar.getOrDefault(text(container, "name"), false);
            s.restarts += integer(container, "restartCount");
            s.lastRestart = later(s.lastRestart, lastTermination(container));
            if (isSidecar) {
                sidecarRestarts += integer(container, "restartCount");
                lastSidecarRestart = later(lastSidecarRestart, lastTermination(container));
            }
            JsonNode state = container.path("state");
            if (present(state, "terminated") && integer(state, "terminated", "exitCode") == 0) {
                continue;
            }
            if (isSidecar && bool(container, "started")) {
                if (bool(container, "ready")) {
                    s.ready++;
                }
                continue;
            }
            initializing = true;
            String waiting = text(state, "waiting", "reason");
            if (present(state, "terminated")) {
                s.reason = "Init:" + terminatedReason(state.path("terminated"));
            } else if (present(state, "waiting") && !waiting.isEmpty() && !waiting.equals("PodInitializing")) {
                s.reason = "Init:" + waiting;
            } else {
                s.reason = "Init:" + i + "/" + initCount;
            }
            break;
        }
        if (!initializing || conditionTrue(status, "Initialized")) {
            s.restarts = sidecarRestarts;
            s.lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            JsonNode statuses = status.path("containerStatuses");
            // Backwards, so the first container's state has the last word.
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode container = statuses.get(i);
                JsonNode state = container.path("state");
                s.restarts += integer(container, "restartCount");
                s.lastRestart = later(s.lastRestart, lastTermination(container));
                if (present(state, "waiting") && !text(state, "waiting", "reason").isEmpty()) {
                    s.reason = text(state, "waiting", "reason");
                } else if (present(state, "terminated")) {
                    s.reason = terminatedReason(state.path("terminated"));
                } else if (bool(container, "ready") && present(state, "running")) {
                    hasRunning = true;
                    s.ready++;
                }
            }
            // A container that completed while another still runs leaves the pod running.
            if (s.reason.equals("Completed") && hasRunning) {
                s.reason = anyConditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }
        if (deleting && text(status, "reason").equals("NodeLost")) {
            s.reason = "Unknown";
        } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            s.reason = "Terminating";
        }
        return s;
    }

    /** The reason a terminated state gives, else its signal or exit code. */
    private static String terminatedReason(JsonNode terminated) {
        if (!text(terminated, "reason").isEmpty()) {
            return text(terminated, "reason");
        }
        long signal = integer(terminated, "signal");
        return signal != 0 ? "Signal:" + signal : "ExitCode:" + integer(terminated, "exitCode");
    }

    private static Instant lastTermination(JsonNode container) {
        return Fields.time(container, "lastState", "terminated", "finishedAt");
    }

    private static Instant later(Instant current, Instant candidate) {
        return candidate != null && (current == null || current.isBefore(candidate)) ? candidate : current;
    }

    /** The first condition of the type decides, as Go's loops over conditions do. */
    private static boolean conditionTrue(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (text(condition, "type").equals(type)) {
                return text(condition, "status").equals("True");
            }
        }
        return false;
    }

    private static boolean anyConditionTrue(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (text(condition, "type").equals(type) && text(condition, "status").equals("True")) {
                return true;
            }
        }
        return false;
    }

    /** status.podIP wins over podIPs[0], as the v1 to internal conversion decides. */
    private static String podIp(JsonNode status) {
        String podIp = text(status, "podIP");
        return podIp.isEmpty() ? text(status.path("podIPs").path(0), "ip") : podIp;
    }

    private static String readinessGates(JsonNode spec, JsonNode status) {
        JsonNode gates = spec.path("readinessGates");
        if (gates.isEmpty()) {
            return "<none>";
        }
        int trueConditions = 0;
        for (JsonNode gate : gates) {
            if (conditionTrue(status, text(gate, "conditionType"))) {
                trueConditions++;
            }
        }
        return trueConditions + "/" + gates.size();
    }

    private static String orNone(String text) {
        return text.isEmpty() ? "<none>" : text;
    }
}
