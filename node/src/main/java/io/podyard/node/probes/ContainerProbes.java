package io.podyard.node.probes;

import io.fabric8.kubernetes.api.model.Probe;
import io.podyard.node.status.ContainerHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The probes of one container attempt and what follows from their verdicts: health, events, a kill. */
final class ContainerProbes {
    final Prober prober;
    final Prober.Target target;
    private final Map<ProbeKind, ProbeTask> tasks = new EnumMap<>(ProbeKind.class);
    private final Map<ProbeKind, Handler> handlers = new EnumMap<>(ProbeKind.class);

    ContainerProbes(Prober prober, Prober.Target target) {
        this.prober = prober;
        this.target = target;
        add(ProbeKind.STARTUP, target.container().getStartupProbe());
        add(ProbeKind.LIVENESS, target.container().getLivenessProbe());
        add(ProbeKind.READINESS, target.container().getReadinessProbe());
    }

    private void add(ProbeKind kind, Probe probe) {
        if (probe != null) {
            tasks.put(kind, new ProbeTask(this, kind, probe));
        }
    }

    boolean any() {
        return !tasks.isEmpty();
    }

    void start(Instant now) {
        tasks.values().forEach(t -> t.start(now));
    }

    void cancel() {
        tasks.values().forEach(ProbeTask::cancel);
    }

    /** The handler, resolved on first use (a port name the container lacks fails the probe, not the worker). */
    synchronized Handler handler(ProbeKind kind) {
        return handlers.computeIfAbsent(kind, k -> Handler.of(tasks.get(k).probe, target.container(),
                target.podIp()));
    }

    boolean started() {
        ProbeTask startup = tasks.get(ProbeKind.STARTUP);
        return startup == null || startup.reported() == ProbeResult.SUCCESS;
    }

    ContainerHealth health() {
        ProbeTask readiness = tasks.get(ProbeKind.READINESS);
        return new ContainerHealth(started(), readiness == null || readiness.reported() == ProbeResult.SUCCESS);
    }

    /** Kubelet's events: Unhealthy for each failed run, Killing when liveness or startup gives up. */
    void observed(ProbeTask task, ProbeState before, ProbeState after, Outcome outcome) {
        if (!outcome.success()) {
            prober.events.warning(target.pod(), "Unhealthy", task.kind.title() + " probe failed: " + outcome.message());
        }
        if (after.kills(task.kind) && !before.kills(task.kind)) {
            prober.events.normal(target.pod(), "Killing", "Container " + target.container().getName() + " failed "
                    + task.kind.title().toLowerCase(Locale.ROOT) + " probe, will be restarted");
            prober.kill(target, grace(task.probe));
        }
        if (after.reported() != before.reported()) {
            prober.wake.accept(target.pod().getMetadata().getUid());
        }
    }

    /** The probe's own terminationGracePeriodSeconds, else the pod's, else 30 s. */
    private Duration grace(Probe probe) {
        Long seconds = probe.getTerminationGracePeriodSeconds();
        if (seconds == null) {
            seconds = target.pod().getSpec().getTerminationGracePeriodSeconds();
        }
        return Duration.ofSeconds(seconds == null ? 30 : Math.max(0, seconds));
    }
}
