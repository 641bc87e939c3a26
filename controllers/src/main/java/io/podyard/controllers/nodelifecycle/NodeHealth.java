package io.podyard.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.podyard.client.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a node still heartbeats, as Kubernetes' node lifecycle controller judges it. A heartbeat
 * is a change of the node's Lease renewTime or of its Ready condition's lastHeartbeatTime; the time
 * of a heartbeat is when the controller saw the change, by its own clock, so a node whose clock is
 * off is judged fairly. A node seen for the first time counts as having just heartbeated (so does
 * every node after a controller restart: each gets a full grace period). Pure.
 */
final class NodeHealth {
    static final String REASON_UNKNOWN = "NodeStatusUnknown";
    static final String MESSAGE_UNKNOWN = "Kubelet stopped posting node status.";
    static final String REASON_NEVER_UPDATED = "NodeStatusNeverUpdated";
    static final String MESSAGE_NEVER_UPDATED = "Kubelet never posted node status.";
    /** The conditions a kubelet owns and the controller turns Unknown (NetworkUnavailable is not the kubelet's). */
    static final List<String> KUBELET_CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

    private NodeHealth() {}

    /**
     * The last heartbeat stamps seen and when the controller saw them change.
     *
     * @param leaseRenewTime the Lease's renewTime, null without a Lease
     * @param readyHeartbeat the Ready condition's lastHeartbeatTime, null without one
     * @param probedAt when either last changed (or the node was first seen), by the controller's clock
     */
    record Heartbeat(Instant leaseRenewTime, String readyHeartbeat, Instant probedAt) {
        Heartbeat {
            Objects.requireNonNull(probedAt);
        }

        /** The same stamps, as if just seen: a fresh grace period (after a full disruption ends). */
        Heartbeat restartedAt(Instant now) {
            return new Heartbeat(leaseRenewTime, readyHeartbeat, now);
        }
    }

    /** What the controller concludes about a node. */
    sealed interface Verdict {
        /** Heartbeats are recent; the node is judged again when the grace period would run out. */
        record Alive(Duration judgeAgainIn) implements Verdict {}

        /** No heartbeat for longer than the grace period: the kubelet's conditions must be Unknown. */
        record Silent(Duration since) implements Verdict {}
    }

    /** The heartbeat after looking at the node and its lease at {@code now}. */
    static Heartbeat observe(Optional<Heartbeat> previous, Node node, Optional<Lease> lease, Instant now) {
        Instant renew = lease.map(Lease::getSpec).map(s -> s.getRenewTime()).map(t -> t.toInstant()).orElse(null);
        String ready = ready(node).map(NodeCondition::getLastHeartbeatTime).orElse(null);
        if (previous.isEmpty()) {
            return new Heartbeat(renew, ready, now);
        }
        Heartbeat last = previous.get();
        boolean leaseRenewed = renew != null && (last.leaseRenewTime() == null || renew.isAfter(last.leaseRenewTime()));
        boolean statusPosted = ready != null && !ready.equals(last.readyHeartbeat());
        if (leaseRenewed || statusPosted) {
            return new Heartbeat(renew, ready, now);
        }
        return last;
    }

    /** Alive or silent at {@code now}; a node that never posted Ready gets the startup grace period. */
    static Verdict judge(Node node, Heartbeat heartbeat, Instant now, NodeLifecycleSettings settings) {
        Duration grace = ready(node).isPresent() ? settings.gracePeriod() : settings.startupGracePeriod();
        Duration since = Duration.between(heartbeat.probedAt(), now);
        if (since.compareTo(grace) > 0) {
            return new Verdict.Silent(since);
        }
        return new Verdict.Alive(grace.minus(since).plusMillis(1));
    }

    /**
     * The node's conditions with the kubelet's ones Unknown, as Kubernetes writes them for a silent
     * node: a condition not Unknown yet turns Unknown now (NodeStatusUnknown, heartbeat kept); a
     * missing one is added (NodeStatusNeverUpdated, heartbeat = creation). Empty if nothing changes.
     */
    static Optional<List<NodeCondition>> unknownConditions(Node node, Instant now) {
        List<NodeCondition> current = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        List<NodeCondition> result = new ArrayList<>(current);
        boolean changed = false;
        String at = Timestamps.format(now);
        for (String type : KUBELET_CONDITIONS) {
            int i = indexOf(result, type);
            if (i < 0) {
                result.add(new NodeConditionBuilder().withType(type).withStatus("Unknown")
                        .withReason(REASON_NEVER_UPDATED).withMessage(MESSAGE_NEVER_UPDATED)
                        .withLastHeartbeatTime(node.getMetadata().getCreationTimestamp())
                        .withLastTransitionTime(at).build());
                changed = true;
            } else if (!"Unknown".equals(result.get(i).getStatus())) {
                result.set(i, new NodeConditionBuilder(result.get(i)).withStatus("Unknown")
                        .withReason(REASON_UNKNOWN).withMessage(MESSAGE_UNKNOWN).withLastTransitionTime(at).build());
                changed = true;
            }
        }
        return changed ? Optional.of(result) : Optional.empty();
    }

    static Optional<NodeCondition> ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    /** The Ready condition's status: True, False, Unknown, or "" when the node has none. */
    static String readyStatus(Node node) {
        return ready(node).map(NodeCondition::getStatus).orElse("");
    }

    private static int indexOf(List<NodeCondition> conditions, String type) {
        for (int i = 0; i < conditions.size(); i++) {
            if (type.equals(conditions.get(i).getType())) {
                return i;
            }
        }
        return -1;
    }
}
