package io.podyard.node.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.client.EventRecorder;
import io.podyard.node.runtime.ContainerRuntime;
import java.time.Duration;
import java.util.Optional;

/**
 * postStart and preStop hooks (exec, httpGet, tcpSocket, sleep) as kubelet runs them: postStart
 * right after the start, its failure reported as a FailedPostStartHook event (the caller kills
 * the container); preStop before the stop signal, within the grace period, whose rest is left for
 * the signal (at least 2 s, as kubelet gives).
 */
public final class LifecycleHooks {
    /** Kubelet's minimum grace left after a preStop hook. */
    static final Duration MIN_GRACE_AFTER_HOOK = Duration.ofSeconds(2);
    /** postStart has no timeout in Kubernetes; a hook hanging this long counts as failed. */
    static final Duration POST_START_TIMEOUT = Duration.ofMinutes(2);

    private final ContainerRuntime runtime;
    private final EventRecorder events;

    public LifecycleHooks(ContainerRuntime runtime, EventRecorder events) {
        this.runtime = runtime;
        this.events = events;
    }

    /** Runs the container's postStart hook, if any; returns why it failed (the container must be killed). */
    public Optional<String> postStart(Pod pod, Container container, String containerId, String podIp) {
        LifecycleHandler hook = container.getLifecycle() == null ? null : container.getLifecycle().getPostStart();
        if (hook == null) {
            return Optional.empty();
        }
        Outcome outcome = run(hook, container, containerId, podIp, POST_START_TIMEOUT);
        if (outcome.success()) {
            return Optional.empty();
        }
        String message = "PostStartHook failed: " + outcome.message();
        events.warning(pod, "FailedPostStartHook", message);
        return Optional.of(message);
    }

    /** Runs the container's preStop hook, if any, within {@code grace}; returns the grace left for the stop signal. */
    public Duration preStop(Pod pod, Container container, String containerId, String podIp, Duration grace) {
        LifecycleHandler hook = container.getLifecycle() == null ? null : container.getLifecycle().getPreStop();
        if (hook == null) {
            return grace;
        }
        long started = System.nanoTime();
        Outcome outcome = run(hook, container, containerId, podIp, grace);
        if (!outcome.success()) {
            events.warning(pod, "FailedPreStopHook", "PreStopHook failed: " + outcome.message());
        }
        Duration left = grace.minus(Duration.ofNanos(System.nanoTime() - started));
        return left.compareTo(MIN_GRACE_AFTER_HOOK) < 0 ? MIN_GRACE_AFTER_HOOK : left;
    }

    private Outcome run(LifecycleHandler hook, Container container, String containerId, String podIp,
                        Duration timeout) {
        try {
            if (hook.getSleep() != null && hook.getSleep().getSeconds() != null) {
                Duration sleep = Duration.ofSeconds(hook.getSleep().getSeconds());
                Thread.sleep(sleep.compareTo(timeout) < 0 ? sleep : timeout);
                return Outcome.ok();
            }
            Optional<Handler> handler = Handler.of(hook, container, podIp == null ? "" : podIp);
            return handler.isEmpty() ? Outcome.ok() : handler.get().run(runtime, containerId, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        } catch (RuntimeException e) {
            return Outcome.failed(String.valueOf(e.getMessage()));
        }
    }
}
