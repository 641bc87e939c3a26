package io.podyard.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Nodes and leases for the pure tests, described by the facts the controller decides on. */
final class TestNodes {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final String name;
    private final List<NodeCondition> conditions = new ArrayList<>();
    private final List<Taint> taints = new ArrayList<>();
    private boolean unschedulable;

    private TestNodes(String name) {
        this.name = name;
    }

    static TestNodes node(String name) {
        return new TestNodes(name);
    }

    /** A condition with status, heartbeat and transition at T0 + seconds. */
    TestNodes condition(String type, String status, long heartbeatSecondsAfterT0) {
        String at = T0.plusSeconds(heartbeatSecondsAfterT0).toString();
        conditions.add(new NodeConditionBuilder().withType(type).withStatus(status).withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").withLastHeartbeatTime(at).withLastTransitionTime(at)
                .build());
        return this;
    }

    TestNodes ready(String status) {
        return condition("Ready", status, 0);
    }

    TestNodes taint(String key, String effect) {
        taints.add(taint(key, effect, null));
        return this;
    }

    TestNodes taint(Taint taint) {
        taints.add(taint);
        return this;
    }

    TestNodes unschedulable() {
        unschedulable = true;
        return this;
    }

    Node build() {
        return new NodeBuilder().withNewMetadata().withName(name).withCreationTimestamp(T0.toString()).endMetadata()
                .withNewSpec().withTaints(taints.isEmpty() ? null : taints)
                .withUnschedulable(unschedulable ? true : null).endSpec()
                .withNewStatus().withConditions(conditions).endStatus().build();
    }

    static Taint taint(String key, String effect, String timeAdded) {
        return new TaintBuilder().withKey(key).withEffect(effect).withTimeAdded(timeAdded).build();
    }

    static Lease lease(String node, long renewSecondsAfterT0) {
        return new LeaseBuilder().withNewMetadata().withName(node).withNamespace("kube-node-lease").endMetadata()
                .withNewSpec().withHolderIdentity(node).withLeaseDurationSeconds(40)
                .withRenewTime(T0.plusSeconds(renewSecondsAfterT0).atZone(ZoneOffset.UTC)).endSpec().build();
    }
}
