package io.podyard.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.podyard.controllers.nodelifecycle.NodeHealth.Heartbeat;
import io.podyard.controllers.nodelifecycle.NodeHealth.Verdict;
import io.podyard.controllers.nodelifecycle.NodeTaints.NoExecuteStep;
import io.podyard.controllers.pods.Pods;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.EventHandlers;
import io.podyard.client.EventRecorder;
import io.podyard.controllers.runtime.ObjectKey;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;
import io.podyard.controllers.runtime.SharedInformers;
import io.podyard.client.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' node lifecycle controller: watches each node's heartbeats (its Lease in
 * {@code kube-node-lease} and its Ready condition), turns the kubelet's conditions Unknown when
 * they stop for the grace period (and its pods' Ready condition False, so Services stop sending
 * them traffic), keeps the condition NoSchedule taints in step, and NoExecute-taints
 * sick nodes through a rate-limited queue whose rate follows how much of the cluster is disrupted
 * (one zone). Pods then leave tainted nodes through {@link TaintEvictionController}.
 *
 * <p>Two kinds of work share one queue: a node (judge it, write conditions and taints; requeued
 * when its grace period would run out) and the tainting pass (compute the disruption, let nodes out
 * of the {@link NoExecuteTainter}; requeued for the next token).
 */
public final class NodeLifecycleController implements RunnableController {
    public static final String NAME = "node-lifecycle-controller";
    /** The component Kubernetes names on node events. */
    static final String COMPONENT = "node-controller";
    static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final Logger log = LoggerFactory.getLogger(NodeLifecycleController.class);

    /** A unit of work: one node, or the tainting pass. */
    sealed interface Work {
        record OfNode(String name) implements Work {}

        record Pass() implements Work {}
    }

    private static final Work PASS = new Work.Pass();

    private final ControllerContext ctx;
    private final SharedInformers informers;
    private final NodeLifecycleSettings settings;
    private final EventRecorder events;
    private final NodeWrites writes;
    private final NoExecuteTainter tainter;
    private final Controller<Work> loop;
    private final Map<String, Heartbeat> heartbeats = new ConcurrentHashMap<>();
    private volatile Disruption disruption = Disruption.NORMAL;

    public NodeLifecycleController(ControllerContext ctx, NodeLifecycleSettings settings) {
        this.ctx = ctx;
        this.informers = ctx.informers();
        this.settings = settings;
        this.events = ctx.recorders().apply(COMPONENT);
        this.writes = new NodeWrites(ctx.client());
        this.tainter = new NoExecuteTainter(settings.evictionRate(), ctx.clock().instant());
        this.loop = ctx.controller(NAME, this::reconcile);
        Pods.indexByNode(informers);
        informers.addHandler(Node.class, EventHandlers.of(
                node -> nodeChanged(null, node),
                this::nodeChanged,
                node -> {
                    loop.enqueue(new Work.OfNode(node.getMetadata().getName()));
                    loop.enqueue(PASS);
                }));
        informers.addHandler(Lease.class, EventHandlers.onAny(lease -> {
            if (LEASE_NAMESPACE.equals(lease.getMetadata().getNamespace())) {
                loop.enqueue(new Work.OfNode(lease.getMetadata().getName()));
            }
        }));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        loop.start();
        loop.enqueue(PASS);
    }

    @Override
    public void close() {
        loop.close();
        events.close();
    }

    private void nodeChanged(Node old, Node node) {
        loop.enqueue(new Work.OfNode(node.getMetadata().getName()));
        if (old == null || !NodeHealth.readyStatus(old).equals(NodeHealth.readyStatus(node))) {
            loop.enqueue(PASS); // the cache now counts it differently: the disruption may have changed
        }
    }

    private Result reconcile(Work work) {
        return switch (work) {
            case Work.OfNode n -> reconcileNode(n.name());
            case Work.Pass p -> taintingPass();
        };
    }

    // ---- one node ----

    private Result reconcileNode(String name) {
        Optional<Node> cached = informers.get(Node.class, new ObjectKey(null, name));
        if (cached.isEmpty()) {
            heartbeats.remove(name);
            tainter.remove(name);
            return Result.done();
        }
        Node node = cached.get();
        Instant now = ctx.clock().instant();
        Optional<Lease> lease = informers.get(Lease.class, new ObjectKey(LEASE_NAMESPACE, name));
        Node seen = node;
        Heartbeat heartbeat = heartbeats.compute(name,
                (n, previous) -> NodeHealth.observe(Optional.ofNullable(previous), seen, lease, now));
        Result result = Result.done();
        switch (NodeHealth.judge(node, heartbeat, now, settings)) {
            case Verdict.Alive alive -> result = Result.requeueAfter(alive.judgeAgainIn());
            case Verdict.Silent silent -> {
                node = markUnknown(node, silent, now);
                markPodsNotReady(name, now);
            }
        }
        node = writes.taints(node, n -> Optional.of(NodeTaints.withConditionTaints(n)));
        stepNoExecute(node, now);
        return result;
    }

    private Node markUnknown(Node node, Verdict.Silent silent, Instant now) {
        if (NodeHealth.unknownConditions(node, now).isEmpty()) {
            return node;
        }
        boolean wasReady = "True".equals(NodeHealth.readyStatus(node));
        Node written = writes.conditions(node, n -> NodeHealth.unknownConditions(n, now));
        log.info("node {} silent for {}: conditions set to Unknown", name(node), silent.since());
        if (wasReady) {
            events.normal(node, "NodeNotReady", "Node " + name(node) + " status is now: NodeNotReady");
        }
        return written;
    }

    /**
     * Kubernetes' MarkPodsNotReady: pods on a silent node are not ready, whatever they last reported.
     * Repeated on every reconcile of the silent node, so a failed write is retried.
     */
    private void markPodsNotReady(String node, Instant now) {
        for (Pod pod : Pods.onNode(informers, node)) {
            if (!Pods.isReady(pod)) {
                continue;
            }
            List<PodCondition> conditions = pod.getStatus().getConditions().stream()
                    .map(c -> "Ready".equals(c.getType()) ? new io.fabric8.kubernetes.api.model.PodConditionBuilder(c)
                            .withStatus("False").withLastTransitionTime(Timestamps.format(now)).build() : c)
                    .toList();
            Pod changed = new PodBuilder(pod).editStatus().withConditions(conditions).endStatus().build();
            try {
                ctx.client().pods().inNamespace(pod.getMetadata().getNamespace()).resource(changed).updateStatus();
                events.warning(pod, "NodeNotReady", "Node is not ready");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e; // 409: the node is reconciled again and reads the newer pod
                }
            }
        }
    }

    private void stepNoExecute(Node node, Instant now) {
        String name = name(node);
        switch (NodeTaints.noExecuteStep(NodeTaints.taints(node), NodeHealth.readyStatus(node))) {
            case NoExecuteStep.Keep k -> tainter.remove(name); // tainted as it should be, or healthy again
            case NoExecuteStep.Remove r -> {
                tainter.remove(name);
                writes.taints(node, n -> "True".equals(NodeHealth.readyStatus(n))
                        ? Optional.of(NodeTaints.withNoExecute(NodeTaints.taints(n), null, now)) : Optional.empty());
                log.info("node {} is Ready again: NoExecute taints removed", name);
            }
            case NoExecuteStep.Swap swap -> {
                tainter.remove(name);
                writes.taints(node, n -> NodeTaints.noExecuteStep(NodeTaints.taints(n), NodeHealth.readyStatus(n))
                        .equals(swap) ? Optional.of(NodeTaints.withNoExecute(NodeTaints.taints(n), swap.key(), now))
                        : Optional.empty());
            }
            case NoExecuteStep.Queue queue -> {
                if (!tainter.isWaiting(name)) {
                    tainter.add(name);
                    loop.enqueue(PASS);
                }
            }
        }
    }

    // ---- the tainting pass ----

    private Result taintingPass() {
        List<Node> nodes = informers.list(Node.class);
        Instant now = ctx.clock().instant();
        Disruption before = disruption;
        TaintingPass.Plan plan = TaintingPass.plan(nodes, before, tainter, now, settings);
        disruption = plan.disruption();
        if (plan.freshGrace()) {
            // The control plane may have been cut off rather than the nodes: every node gets a new grace period.
            log.info("full disruption over: every node gets a new grace period");
            heartbeats.replaceAll((name, heartbeat) -> heartbeat.restartedAt(now));
            nodes.forEach(n -> loop.enqueue(new Work.OfNode(name(n))));
        }
        if (plan.disruption() == Disruption.FULL && before != Disruption.FULL) {
            log.warn("no node is Ready ({} nodes): evictions stop and NoExecute taints are lifted", nodes.size());
        }
        Map<String, Node> byName = new java.util.HashMap<>();
        nodes.forEach(n -> byName.put(name(n), n));
        for (String name : plan.lift()) {
            // Kubernetes' markAllNodesAsReachable: in a full disruption no pod is evicted.
            writes.taints(byName.get(name), n -> Optional.of(NodeTaints.withNoExecute(NodeTaints.taints(n), null, now)));
        }
        plan.taint().forEach((name, key) -> taint(byName.get(name), key, now));
        return plan.nextIn().<Result>map(Result::requeueAfter).orElse(Result.done());
    }

    /** Gives a node let out of the tainter its NoExecute taint (as a fresh read on a conflict calls for). */
    private void taint(Node node, String key, Instant now) {
        try {
            writes.taints(node, n -> switch (NodeTaints.noExecuteStep(NodeTaints.taints(n), NodeHealth.readyStatus(n))) {
                case NoExecuteStep.Queue q -> Optional.of(NodeTaints.withNoExecute(NodeTaints.taints(n), q.key(), now));
                case NoExecuteStep.Swap w -> Optional.of(NodeTaints.withNoExecute(NodeTaints.taints(n), w.key(), now));
                case NoExecuteStep.Keep k -> Optional.empty();
                case NoExecuteStep.Remove r -> Optional.empty(); // Ready again: its own reconcile removes them
            });
            log.info("node {} tainted {}:NoExecute", name(node), key);
        } catch (RuntimeException e) {
            tainter.add(name(node)); // its token is spent; it waits for the next one
            throw e;
        }
    }

    private static String name(Node node) {
        return node.getMetadata().getName();
    }
}
