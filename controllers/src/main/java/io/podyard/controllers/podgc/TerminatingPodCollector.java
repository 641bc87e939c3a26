package io.podyard.controllers.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.controllers.pods.Pods;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.EventHandlers;
import io.podyard.controllers.runtime.ObjectKey;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;
import io.podyard.client.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Force-deletes (grace period 0) pods that are terminating on an unreachable node (Ready=Unknown)
 * once their deletionTimestamp has passed: no kubelet is there to stop them and confirm, so an
 * eviction would otherwise leave them behind for ever. The deletionTimestamp is already the
 * request's time plus the grace period, so the pod had its full grace. Kubernetes' PodGC does the
 * same for terminating pods on not-ready nodes (there only once the node is also marked
 * out-of-service); a Ready=False node still has a kubelet that finishes deletions itself.
 */
public final class TerminatingPodCollector implements RunnableController {
    public static final String NAME = "terminating-pod-collector";
    private static final Logger log = LoggerFactory.getLogger(TerminatingPodCollector.class);

    private final ControllerContext ctx;
    private final Controller<ObjectKey> loop;

    public TerminatingPodCollector(ControllerContext ctx) {
        this.ctx = ctx;
        this.loop = ctx.controller(NAME, this::reconcile);
        Pods.indexByNode(ctx.informers());
        ctx.informers().addHandler(Pod.class, EventHandlers.of(this::podChanged, (o, p) -> podChanged(p), p -> { }));
        ctx.informers().addHandler(Node.class, EventHandlers.of(this::nodeChanged, (o, n) -> {
            if (!readyStatus(o).equals(readyStatus(n))) {
                nodeChanged(n);
            }
        }, n -> { }));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void close() {
        loop.close();
    }

    private void podChanged(Pod pod) {
        if (Pods.isTerminating(pod) && !Pods.nodeName(pod).isEmpty()) {
            loop.enqueue(ObjectKey.of(pod));
        }
    }

    private void nodeChanged(Node node) {
        if (unreachable(node)) {
            Pods.onNode(ctx.informers(), node.getMetadata().getName()).forEach(this::podChanged);
        }
    }

    private Result reconcile(ObjectKey key) {
        Optional<Pod> pod = ctx.informers().get(Pod.class, key);
        if (pod.isEmpty() || !Pods.isTerminating(pod.get())) {
            return Result.done();
        }
        Optional<Node> node = ctx.informers().get(Node.class, new ObjectKey(null, Pods.nodeName(pod.get())));
        if (node.isEmpty() || !unreachable(node.get())) {
            return Result.done(); // a missing node is OrphanedPodCollector's; a live kubelet finishes its own
        }
        Instant deadline = Timestamps.parse(pod.get().getMetadata().getDeletionTimestamp());
        Instant now = ctx.clock().instant();
        if (deadline.isAfter(now)) {
            return Result.requeueAfter(Duration.between(now, deadline));
        }
        try {
            ctx.client().pods().inNamespace(key.namespace()).withName(key.name()).withGracePeriod(0).delete();
            log.info("force-deleted pod {} terminating on unreachable node {}", key, Pods.nodeName(pod.get()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        return Result.done();
    }

    private static boolean unreachable(Node node) {
        return "Unknown".equals(readyStatus(node));
    }

    private static String readyStatus(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return "";
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse("");
    }
}
