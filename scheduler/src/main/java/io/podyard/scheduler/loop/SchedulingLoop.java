package io.podyard.scheduler.loop;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.client.EventRecorder;
import io.podyard.scheduler.DefaultProfile;
import io.podyard.scheduler.Scheduler;
import io.podyard.scheduler.cache.SchedulerCache;
import io.podyard.scheduler.framework.BindPlugin;
import io.podyard.scheduler.framework.ClusterEvent;
import io.podyard.scheduler.framework.Decision;
import io.podyard.scheduler.framework.EnqueueExtensions;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.framework.Profile;
import io.podyard.scheduler.framework.ReservePlugin;
import io.podyard.scheduler.framework.Status;
import io.podyard.scheduler.queue.QueuedPod;
import io.podyard.scheduler.queue.SchedulingQueue;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler as a cluster component: takes pending pods from the queue one at a time, runs the
 * pure core over a snapshot of the cache, assumes the placement and binds it asynchronously (many
 * bindings in flight, the next pod scheduled meanwhile), and reports pods that fit nowhere with a
 * PodScheduled=False condition and a FailedScheduling event.
 */
public final class SchedulingLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchedulingLoop.class);

    private final SchedulerCache cache = new SchedulerCache();
    private final SchedulingQueue queue;
    private final Scheduler scheduler;
    private final Profile profile;
    private final BindPlugin binder;
    private final UnschedulableReporter reporter;
    private final EventRecorder events;
    private final Semaphore binds;
    private final Informers informers;
    private final ScheduledExecutorService flusher;
    private final Thread thread;
    private final AtomicLong scheduled = new AtomicLong();
    private final Map<String, String> reported = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private SchedulingLoop(KubernetesClient client, SchedulerOptions options) {
        ApiWriter api = new ApiWriter(client);
        this.events = EventRecorder.writingTo(client, DefaultProfile.SCHEDULER_NAME, options.clock());

        this.reporter = new UnschedulableReporter(api, events, options.clock());
        this.profile = DefaultProfile.binding(Binding.assume(cache), new Binding.DefaultBinder(api),
                options.percentageOfNodesToScore());
        this.binder = profile.binders().getFirst();
        this.scheduler = Scheduler.create(profile, options.random());
        this.queue = new SchedulingQueue(options.clock(), pluginEvents(profile));
        this.binds = new Semaphore(options.maxBindsInFlight());
        this.informers = new Informers(client, cache, queue, profile.schedulerName(), reported::remove);
        this.flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("scheduler-flush").factory());
        long every = options.flushInterval().toMillis();
        flusher.scheduleWithFixedDelay(queue::flush, every, every, TimeUnit.MILLISECONDS);
        this.thread = Thread.ofPlatform().name("scheduler").start(this::run);
    }

    /** Starts watching and scheduling; returns once the caches hold what exists. */
    public static SchedulingLoop start(KubernetesClient client, SchedulerOptions options) {
        return new SchedulingLoop(client, options);
    }

    private static Map<String, Set<ClusterEvent>> pluginEvents(Profile profile) {
        Map<String, Set<ClusterEvent>> events = new HashMap<>();
        for (Profile.Entry entry : profile.plugins()) {
            if (entry.plugin() instanceof EnqueueExtensions extensions) {
                events.put(extensions.name(), extensions.requeueOn());
            }
        }
        return events;
    }

    /** Pods bound by this loop since it started. */
    public long scheduledCount() {
        return scheduled.get();
    }

    private void run() {
        while (running) {
            try {
                QueuedPod next = queue.pop();
                if (next == null) {
                    return;
                }
                scheduleOne(next);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("scheduling attempt failed", e);
            }
        }
    }

    private void scheduleOne(QueuedPod queued) throws InterruptedException {
        PodInfo pod = queued.pod();
        Decision decision = scheduler.schedule(cache.snapshot(), pod);
        switch (decision) {
            case Decision.Scheduled s -> bind(queued, s.node());
            case Decision.Unschedulable u -> {
                queue.unschedulable(queued, rejectingPlugins(u));
                if (!u.message().equals(reported.put(pod.uid(), u.message()))) {
                    reporter.report(pod, u.message());
                }
            }
        }
    }

    private static Set<String> rejectingPlugins(Decision.Unschedulable decision) {
        Set<String> plugins = new HashSet<>();
        decision.explanation().verdicts().forEach(v -> plugins.addAll(v.rejections().keySet()));
        Decision.Rejection preFilter = decision.explanation().preFilterRejection();
        if (preFilter != null) {
            plugins.add(preFilter.plugin());
        }
        return plugins;
    }

    private void bind(QueuedPod queued, String node) throws InterruptedException {
        PodInfo pod = queued.pod();
        for (ReservePlugin reserve : profile.reserves()) {
            reserve.reserve(pod, node);
        }
        binds.acquire();
        binder.bind(pod, node).whenComplete((status, error) -> {
            binds.release();
            if (error == null && status.isFit()) {
                scheduled.incrementAndGet();
                reported.remove(pod.uid());
                events.normal(pod.pod(), "Scheduled", "Successfully assigned " + pod.key() + " to " + node);
                return;
            }
            for (ReservePlugin reserve : profile.reserves().reversed()) {
                reserve.unreserve(pod, node);
            }
            String why = error != null ? error.toString() : String.join("; ", status.reasons());
            if (status instanceof Status.Unresolvable) {
                log.debug("not binding {}: {}", pod.key(), why); // gone, or bound by someone else
                return;
            }
            log.warn("binding {} to {} failed: {}", pod.key(), node, why);
            events.warning(pod.pod(), "FailedScheduling", "Binding rejected: " + why);
            queue.retryLater(queued);
        });
    }

    @Override
    public void close() {
        running = false;
        queue.close();
        thread.interrupt();
        flusher.shutdownNow();
        informers.close();
        events.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
