package io.podyard.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.controllers.nodelifecycle.TaintEviction.Verdict;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' taint eviction controller (the taint manager): deletes pods from nodes with NoExecute
 * taints they do not tolerate, at once or when their tolerationSeconds run out ({@link TaintEviction}),
 * counted from the taint's timeAdded. Pods without their own not-ready/unreachable tolerations get
 * {@link NodeLifecycleSettings#defaultTolerationSeconds}, since the API server does not add them.
 * A delete only marks a bound pod; its replacement is created at once by its controller, and
 * {@code podgc.TerminatingPodCollector} removes it for good if its node never confirms.
 */
public final class TaintEvictionController implements RunnableController {
    public static final String NAME = "taint-eviction-controller";
    private static final Logger log = LoggerFactory.getLogger(TaintEvictionController.class);

    private final ControllerContext ctx;
    private final SharedInformers informers;
    private final NodeLifecycleSettings settings;
    private final EventRecorder events;
    private final Controller<ObjectKey> loop;
    /** When this controller first saw taints that carry no timeAdded (added by someone else), per node. */
    private final Map<String, Map<Taint, Instant>> firstSeen = new ConcurrentHashMap<>();

    public TaintEvictionController(ControllerContext ctx, NodeLifecycleSettings settings) {
        this.ctx = ctx;
        this.informers = ctx.informers();
        this.settings = settings;
        this.events = ctx.recorders().apply(NAME);
        this.loop = ctx.controller(NAME, this::reconcile);
        Pods.indexByNode(informers);
        informers.addHandler(Pod.class, EventHandlers.of(this::podChanged, (old, pod) -> podChanged(pod), pod -> { }));
        informers.addHandler(Node.class, EventHandlers.of(
                node -> nodeChanged(List.of(), node),
                (old, node) -> nodeChanged(noExecute(old), node),
                node -> firstSeen.remove(node.getMetadata().getName())));
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
        events.close();
    }

    private void podChanged(Pod pod) {
        if (!Pods.nodeName(pod).isEmpty() && !Pods.isTerminating(pod)) {
            loop.enqueue(ObjectKey.of(pod));
        }
    }

    private void nodeChanged(List<Taint> before, Node node) {
        List<Taint> after = noExecute(node);
        if (after.equals(before)) {
            return;
        }
        String name = node.getMetadata().getName();
        firstSeen.computeIfPresent(name, (n, seen) -> {
            seen.keySet().retainAll(after);
            return seen.isEmpty() ? null : seen;
        });
        Pods.onNode(informers, name).forEach(this::podChanged);
    }

    private Result reconcile(ObjectKey key) {
        Optional<Pod> cached = informers.get(Pod.class, key);
        if (cached.isEmpty() || Pods.isTerminating(cached.get()) || Pods.nodeName(cached.get()).isEmpty()) {
            return Result.done();
        }
        Pod pod = cached.get();
        String nodeName = Pods.nodeName(pod);
        Optional<Node> node = informers.get(Node.class, new ObjectKey(null, nodeName));
        List<Taint> taints = node.map(TaintEvictionController::noExecute).orElse(List.of());
        if (taints.isEmpty()) {
            return Result.done();
        }
        Instant now = ctx.clock().instant();
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
        Verdict verdict = TaintEviction.judge(tolerations, taints, t -> since(nodeName, t, now),
                settings.defaultTolerationSeconds(), now);
        return switch (verdict) {
            case Verdict.Stay s -> Result.done();
            case Verdict.EvictAt e -> Result.requeueAfter(Duration.between(now, e.at()));
            case Verdict.EvictNow e -> evict(pod);
        };
    }

    private Result evict(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + ns + "/" + name);
        try {
            ctx.client().pods().inNamespace(ns).withName(name).delete();
            log.info("evicted pod {}/{} from node {}", ns, name, Pods.nodeName(pod));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        return Result.done();
    }

    /** The taint's timeAdded, or when this controller first saw it. */
    private Instant since(String node, Taint taint, Instant now) {
        Instant added = Timestamps.parse(taint.getTimeAdded());
        if (added != null) {
            return added;
        }
        return firstSeen.computeIfAbsent(node, n -> new ConcurrentHashMap<>()).computeIfAbsent(taint, t -> now);
    }

    private static List<Taint> noExecute(Node node) {
        return NodeTaints.taints(node).stream().filter(t -> Objects.equals(NodeTaints.NO_EXECUTE, t.getEffect()))
                .toList();
    }
}
