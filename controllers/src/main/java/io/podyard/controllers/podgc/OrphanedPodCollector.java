package io.podyard.controllers.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.controllers.pods.Pods;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.EventHandlers;
import io.podyard.controllers.runtime.ObjectKey;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;
import java.util.Optional;

/**
 * Kubernetes' PodGC for orphaned pods: a pod bound to a Node that no longer exists has no kubelet to
 * stop it or confirm its end, so it is deleted at once (grace period 0). The node's absence is
 * confirmed with a live read, since the Node and Pod informers run apart.
 */
public final class OrphanedPodCollector implements RunnableController {
    public static final String NAME = "pod-garbage-collector";

    private final ControllerContext ctx;
    private final Controller<ObjectKey> loop;

    public OrphanedPodCollector(ControllerContext ctx) {
        this.ctx = ctx;
        this.loop = ctx.controller(NAME, this::reconcile);
        ctx.informers().addHandler(Pod.class, EventHandlers.of(this::podChanged, (o, p) -> podChanged(p), p -> { }));
        ctx.informers().addHandler(Node.class, EventHandlers.of(n -> { }, (o, n) -> { }, this::nodeDeleted));
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
        String node = Pods.nodeName(pod);
        if (!node.isEmpty() && ctx.informers().get(Node.class, new ObjectKey(null, node)).isEmpty()) {
            loop.enqueue(ObjectKey.of(pod));
        }
    }

    private void nodeDeleted(Node node) {
        String name = node.getMetadata().getName();
        for (Pod pod : ctx.informers().list(Pod.class)) {
            if (name.equals(Pods.nodeName(pod))) {
                loop.enqueue(ObjectKey.of(pod));
            }
        }
    }

    private Result reconcile(ObjectKey key) {
        Optional<Pod> pod = ctx.informers().get(Pod.class, key);
        if (pod.isEmpty() || Pods.nodeName(pod.get()).isEmpty()) {
            return Result.done();
        }
        String node = Pods.nodeName(pod.get());
        if (ctx.informers().get(Node.class, new ObjectKey(null, node)).isPresent()
                || ctx.client().nodes().withName(node).get() != null) {
            return Result.done();
        }
        ctx.client().pods().inNamespace(key.namespace()).withName(key.name()).withGracePeriod(0).delete();
        return Result.done();
    }
}
