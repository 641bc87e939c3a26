package io.podyard.controllers.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pods for pure tests, described by the facts controllers decide on. */
public final class TestPods {
    public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final String name;
    private String node = "";
    private String phase = "Pending";
    private Instant readySince;
    private int restarts;
    private Instant created = T0;
    private String deletionCost;
    private boolean terminating;
    private final Map<String, String> labels = new HashMap<>();
    private final List<OwnerReference> owners = new ArrayList<>();

    private TestPods(String name) {
        this.name = name;
    }

    public static TestPods pod(String name) {
        return new TestPods(name);
    }

    public TestPods on(String node) {
        this.node = node;
        return this;
    }

    public TestPods phase(String phase) {
        this.phase = phase;
        return this;
    }

    /** Running and Ready since {@code secondsAfterT0}. */
    public TestPods readyAt(long secondsAfterT0) {
        this.phase = "Running";
        this.readySince = T0.plusSeconds(secondsAfterT0);
        return this;
    }

    public TestPods restarts(int n) {
        this.restarts = n;
        return this;
    }

    public TestPods createdAt(long secondsAfterT0) {
        this.created = T0.plusSeconds(secondsAfterT0);
        return this;
    }

    public TestPods cost(String cost) {
        this.deletionCost = cost;
        return this;
    }

    public TestPods terminating() {
        this.terminating = true;
        return this;
    }

    public TestPods label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public TestPods ownedBy(OwnerReference ref) {
        owners.add(ref);
        return this;
    }

    public Pod build() {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .withCreationTimestamp(created.toString()).withLabels(labels)
                .withOwnerReferences(owners.isEmpty() ? null : owners)
                .endMetadata()
                .withNewSpec().withNodeName(node.isEmpty() ? null : node).endSpec()
                .withNewStatus().withPhase(phase)
                .withContainerStatuses(new ContainerStatusBuilder().withName("c").withRestartCount(restarts).build())
                .endStatus();
        if (readySince != null) {
            b.editStatus().withConditions(new PodConditionBuilder().withType("Ready").withStatus("True")
                    .withLastTransitionTime(readySince.toString()).build()).endStatus();
        }
        if (deletionCost != null) {
            b.editMetadata().withAnnotations(Map.of("controller.kubernetes.io/pod-deletion-cost", deletionCost))
                    .endMetadata();
        }
        if (terminating) {
            b.editMetadata().withDeletionTimestamp(T0.toString()).endMetadata();
        }
        return b.build();
    }
}
