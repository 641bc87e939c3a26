package io.podyard.scheduler.explain;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podyard.scheduler.DefaultProfile;
import io.podyard.scheduler.Scheduler;
import io.podyard.scheduler.framework.ClusterSnapshot;
import io.podyard.scheduler.framework.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Where pods would land on a given cluster state, without creating anything: each pod is scheduled
 * by the explaining core (every filter on every node), and a pod that fits is placed in the
 * simulated cluster so the next one sees it, as a burst of creations would.
 */
public final class WhatIf {
    /** One pod's outcome. */
    public record Outcome(String podKey, Decision decision) {
    }

    private final List<Node> nodes;
    private final List<Pod> pods;
    private final List<Namespace> namespaces;
    private final Scheduler scheduler = Scheduler.explaining(DefaultProfile.planning(), new Random(0));

    public WhatIf(List<Node> nodes, List<Pod> pods, List<Namespace> namespaces) {
        this.nodes = List.copyOf(nodes);
        this.pods = new ArrayList<>(pods);
        this.namespaces = List.copyOf(namespaces);
    }

    /**
     * Explains one pod against the cluster. A pod that is already bound is taken off its node first,
     * so the answer says where it would go now.
     */
    public Outcome explain(Pod pod) {
        String uid = pod.getMetadata().getUid();
        List<Pod> others = pods.stream().filter(p -> uid == null || !uid.equals(p.getMetadata().getUid())).toList();
        Pod pending = new PodBuilder(pod).editSpec().withNodeName(null).endSpec().build();
        return new Outcome(key(pod), scheduler.schedule(ClusterSnapshot.of(nodes, others, namespaces), pending));
    }

    /** Schedules the pods in order; each one that fits is then counted on its node. */
    public List<Outcome> place(List<Pod> incoming) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Pod pod : incoming) {
            Decision decision = scheduler.schedule(ClusterSnapshot.of(nodes, pods, namespaces), pod);
            outcomes.add(new Outcome(key(pod), decision));
            if (decision instanceof Decision.Scheduled s) {
                pods.add(new PodBuilder(pod).editMetadata().withUid(Objects.requireNonNullElse(pod.getMetadata().getUid(),
                        "what-if-" + pods.size())).endMetadata().editSpec().withNodeName(s.node()).endSpec().build());
            }
        }
        return outcomes;
    }

    private static String key(Pod pod) {
        String namespace = pod.getMetadata().getNamespace() == null ? "default" : pod.getMetadata().getNamespace();
        return namespace + "/" + pod.getMetadata().getName();
    }
}
