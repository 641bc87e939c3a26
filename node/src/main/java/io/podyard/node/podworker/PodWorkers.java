package io.podyard.node.podworker;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.client.EventRecorder;
import io.podyard.node.probes.LifecycleHooks;
import io.podyard.node.probes.Prober;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's pod workers, one per pod uid: pod updates go to the pod's worker (started on first
 * sight), removals tell it the pod is gone, and {@link #wake} asks for a sync when a container
 * exits. A finished worker is forgotten; later updates of a pod whose worker terminated are
 * ignored until the API drops it.
 */
public final class PodWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodWorkers.class);

    private final PodWorkerContext context;
    private final EventRecorder events;
    private final LifecycleHooks hooks;
    private final Prober prober;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final Set<String> terminated = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public PodWorkers(PodWorkerContext context) {
        this.context = context;
        this.events = EventRecorder.writingTo(context.client(), "kubelet", context.clock());
        this.hooks = new LifecycleHooks(context.containers(), events);
        this.prober = new Prober(context.containers(), events, hooks, this::wake, context.clock());
    }

    /** A pod bound to this node was added or changed. */
    public synchronized void update(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (closed || terminated.contains(uid)) {
            return;
        }
        PodWorker worker = workers.get(uid);
        if (worker == null) {
            worker = new PodWorker(pod, context, prober, hooks, this::finished);
            workers.put(uid, worker);
            worker.start();
        } else {
            worker.update(pod);
        }
    }

    /** The pod is gone from the API (or was never there, for leftovers after a restart): tear it down. */
    public synchronized void removed(Pod lastKnown) {
        String uid = lastKnown.getMetadata().getUid();
        if (terminated.remove(uid) || closed) {
            return;
        }
        PodWorker worker = workers.get(uid);
        if (worker == null) {
            worker = new PodWorker(lastKnown, context, prober, hooks, this::finished);
            workers.put(uid, worker);
            worker.removed(lastKnown);
            worker.start();
        } else {
            worker.removed(lastKnown);
        }
    }

    /** Something happened to the pod's containers; its worker looks again. */
    public void wake(String podUid) {
        PodWorker worker = workers.get(podUid);
        if (worker != null) {
            worker.poke();
        }
    }

    /** Every worker looks again (the periodic resync that catches what no event reported). */
    public void wakeAll() {
        workers.values().forEach(PodWorker::poke);
    }

    /** Uids of the pods with a worker. */
    public List<String> podUids() {
        return List.copyOf(workers.keySet());
    }

    private synchronized void finished(String uid) {
        workers.remove(uid);
        terminated.add(uid);
        LOG.debug("pod {} terminated", uid);
    }

    /** Stops the workers; containers keep running. */
    @Override
    public void close() {
        List<PodWorker> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(workers.values());
        }
        all.forEach(PodWorker::stop);
        prober.close();
        events.close();
    }
}
