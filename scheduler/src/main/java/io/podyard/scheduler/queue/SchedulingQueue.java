package io.podyard.scheduler.queue;

import io.podyard.scheduler.framework.ClusterEvent;
import io.podyard.scheduler.framework.PodInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Kubernetes' scheduling queue: an active queue ordered by pod priority (then arrival), a back-off
 * queue for pods that failed recently (1 s doubling to 10 s), and the unschedulable pods, which wait
 * for a cluster event that one of the plugins that rejected them cares about. Pods that waited
 * unschedulable for five minutes are retried anyway, as Kubernetes does, in case an event was missed.
 *
 * <p>Thread-safe; {@link #pop} blocks. Time comes from the injected clock; {@link #flush} moves pods
 * whose back-off is over and is called periodically by the loop (and directly by tests).
 */
public final class SchedulingQueue {
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_UNSCHEDULABLE = Duration.ofMinutes(5);

    private final InstantSource clock;
    private final Map<String, Set<ClusterEvent>> pluginEvents;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final PriorityQueue<QueuedPod> active = new PriorityQueue<>(
            Comparator.comparingInt((QueuedPod q) -> -q.pod().priority()).thenComparingLong(QueuedPod::sequence));
    private final PriorityQueue<QueuedPod> backoff = new PriorityQueue<>(
            Comparator.comparing(QueuedPod::backoffUntil).thenComparingLong(QueuedPod::sequence));
    private final Map<String, QueuedPod> unschedulable = new HashMap<>();
    private final Map<String, Instant> unschedulableSince = new HashMap<>();
    /** Every queued pod by uid, wherever it is; popped pods are not in here until they come back. */
    private final Map<String, QueuedPod> queued = new HashMap<>();
    private long sequence;
    private long cycle;
    /** The cycle of the last event that moved pods; a pod popped before it goes to back-off, not to wait. */
    private long moveRequestCycle = -1;
    private boolean closed;

    /** @param pluginEvents for each plugin name, the events after which its rejections are retried */
    public SchedulingQueue(InstantSource clock, Map<String, Set<ClusterEvent>> pluginEvents) {
        this.clock = clock;
        this.pluginEvents = Map.copyOf(pluginEvents);
    }

    /** A new pending pod: straight to the active queue. */
    public void add(PodInfo pod) {
        lock.lock();
        try {
            if (queued.containsKey(pod.uid())) {
                update(pod);
                return;
            }
            Instant now = clock.instant();
            push(new QueuedPod(pod, 0, now, now, Set.of(), sequence++, 0));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pending pod changed. One waiting as unschedulable is retried if what the scheduler reads
     * changed (its spec or labels: a new toleration, a relaxed selector); otherwise it is just refreshed.
     */
    public void update(PodInfo pod) {
        lock.lock();
        try {
            QueuedPod current = queued.get(pod.uid());
            if (current == null) {
                return; // being scheduled right now, or not ours
            }
            if (unschedulable.containsKey(pod.uid())) {
                boolean relevant = !Objects.equals(current.pod().pod().getSpec(), pod.pod().getSpec())
                        || !current.pod().labels().equals(pod.labels());
                if (relevant) {
                    remove(pod.uid());
                    requeue(current.withPod(pod), clock.instant());
                } else {
                    unschedulable.put(pod.uid(), current.withPod(pod));
                    queued.put(pod.uid(), current.withPod(pod));
                }
                return;
            }
            remove(pod.uid());
            push(current.withPod(pod));
        } finally {
            lock.unlock();
        }
    }

    /** The pod is gone or no longer pending (bound, deleted). */
    public void delete(String uid) {
        lock.lock();
        try {
            remove(uid);
        } finally {
            lock.unlock();
        }
    }

    /** The next pod to schedule, highest priority first; blocks until one is ready. Null once closed. */
    public QueuedPod pop() throws InterruptedException {
        lock.lock();
        try {
            while (active.isEmpty() && !closed) {
                nonEmpty.await();
            }
            if (closed) {
                return null;
            }
            QueuedPod next = active.poll();
            queued.remove(next.pod().uid());
            cycle++;
            return new QueuedPod(next.pod(), next.attempts(), next.added(), next.backoffUntil(), next.rejectedBy(),
                    next.sequence(), cycle);
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #pop} but gives up after the timeout (null). */
    public QueuedPod poll(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (active.isEmpty() && !closed && nanos > 0) {
                nanos = nonEmpty.awaitNanos(nanos);
            }
            if (active.isEmpty() || closed) {
                return null;
            }
        } finally {
            lock.unlock();
        }
        return pop();
    }

    /**
     * No node fits the pod. It waits for an event relevant to the plugins that rejected it, or goes to
     * back-off if such an event already happened while it was being scheduled.
     */
    public void unschedulable(QueuedPod pod, Set<String> rejectedBy) {
        lock.lock();
        try {
            Instant now = clock.instant();
            QueuedPod failed = new QueuedPod(pod.pod(), pod.attempts() + 1, pod.added(),
                    now.plus(backoffFor(pod.attempts() + 1)), rejectedBy, pod.sequence(), pod.cycle());
            if (moveRequestCycle >= pod.cycle()) {
                backoff.add(failed);
                queued.put(failed.pod().uid(), failed);
            } else {
                unschedulable.put(failed.pod().uid(), failed);
                unschedulableSince.put(failed.pod().uid(), now);
                queued.put(failed.pod().uid(), failed);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Scheduling or binding failed for another reason (an API error): retry after back-off. */
    public void retryLater(QueuedPod pod) {
        lock.lock();
        try {
            Instant now = clock.instant();
            QueuedPod failed = new QueuedPod(pod.pod(), pod.attempts() + 1, pod.added(),
                    now.plus(backoffFor(pod.attempts() + 1)), pod.rejectedBy(), pod.sequence(), pod.cycle());
            backoff.add(failed);
            queued.put(failed.pod().uid(), failed);
        } finally {
            lock.unlock();
        }
    }

    /** A cluster event: retries the unschedulable pods that a plugin interested in it had rejected. */
    public void onEvent(ClusterEvent event) {
        lock.lock();
        try {
            moveRequestCycle = cycle;
            Instant now = clock.instant();
            for (Iterator<QueuedPod> it = unschedulable.values().iterator(); it.hasNext(); ) {
                QueuedPod pod = it.next();
                if (interested(pod, event)) {
                    it.remove();
                    unschedulableSince.remove(pod.pod().uid());
                    requeue(pod, now);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean interested(QueuedPod pod, ClusterEvent event) {
        if (pod.rejectedBy().isEmpty()) {
            return true; // rejected for no plugin's reason (e.g. no nodes at all): any event may help
        }
        for (String plugin : pod.rejectedBy()) {
            if (pluginEvents.getOrDefault(plugin, Set.of()).contains(event)) {
                return true;
            }
        }
        return false;
    }

    /** Moves pods whose back-off is over to the active queue, and long-waiting unschedulable pods too. */
    public void flush() {
        lock.lock();
        try {
            Instant now = clock.instant();
            while (!backoff.isEmpty() && !backoff.peek().backoffUntil().isAfter(now)) {
                push(backoff.poll());
            }
            for (Iterator<Map.Entry<String, Instant>> it = unschedulableSince.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Instant> waiting = it.next();
                if (!waiting.getValue().plus(MAX_UNSCHEDULABLE).isAfter(now)) {
                    it.remove();
                    requeue(unschedulable.remove(waiting.getKey()), now);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    public void close() {
        lock.lock();
        try {
            closed = true;
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Counts per sub-queue, for tests and metrics. */
    public record Sizes(int active, int backoff, int unschedulable) {
    }

    public Sizes sizes() {
        lock.lock();
        try {
            return new Sizes(active.size(), backoff.size(), unschedulable.size());
        } finally {
            lock.unlock();
        }
    }

    static Duration backoffFor(int attempts) {
        Duration duration = INITIAL_BACKOFF;
        for (int i = 1; i < attempts && duration.compareTo(MAX_BACKOFF) < 0; i++) {
            duration = duration.multipliedBy(2);
        }
        return duration.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : duration;
    }

    private void requeue(QueuedPod pod, Instant now) {
        if (pod.backoffUntil().isAfter(now)) {
            backoff.add(pod);
            queued.put(pod.pod().uid(), pod);
        } else {
            push(pod);
        }
    }

    private void push(QueuedPod pod) {
        active.add(pod);
        queued.put(pod.pod().uid(), pod);
        nonEmpty.signal();
    }

    private void remove(String uid) {
        QueuedPod pod = queued.remove(uid);
        if (pod == null) {
            return;
        }
        if (unschedulable.remove(uid) != null) {
            unschedulableSince.remove(uid);
        } else if (!active.remove(pod)) {
            backoff.remove(pod);
        }
    }
}
