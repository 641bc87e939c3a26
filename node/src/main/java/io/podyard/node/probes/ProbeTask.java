package io.podyard.node.probes;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One probe of one container attempt: a timer entry on the prober's shared scheduler that, when
 * due, runs the handler on a virtual thread, feeds the outcome to its {@link ProbeState} and
 * schedules the next run a period later. No thread waits between runs.
 */
final class ProbeTask {
    final ProbeKind kind;
    final Probe probe;
    final ProbeSettings settings;
    private final ContainerProbes owner;
    private volatile ProbeState state;
    private volatile ScheduledFuture<?> next;
    private volatile boolean cancelled;

    ProbeTask(ContainerProbes owner, ProbeKind kind, Probe probe) {
        this.owner = owner;
        this.kind = kind;
        this.probe = probe;
        this.settings = ProbeSettings.of(probe);
        this.state = ProbeState.initial(kind);
    }

    ProbeResult reported() {
        return state.reported();
    }

    void start(Instant now) {
        Duration untilDue = Duration.between(now, owner.target.startedAt().plus(settings.initialDelay()));
        schedule(untilDue.isNegative() ? Duration.ZERO : untilDue);
    }

    void cancel() {
        cancelled = true;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private void schedule(Duration delay) {
        if (cancelled) {
            return;
        }
        next = owner.prober.timer.schedule(() -> Thread.ofVirtual().name("probe-" + owner.target.containerId())
                .start(this::runOnce), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        if (cancelled) {
            return;
        }
        Instant now = owner.prober.clock.instant();
        if (!ProbeState.due(kind, settings, owner.target.startedAt(), now, owner.started())) {
            schedule(settings.period());
            return;
        }
        Outcome outcome;
        try {
            outcome = owner.handler(kind).run(owner.prober.runtime, owner.target.containerId(), settings.timeout());
        } catch (RuntimeException e) {
            outcome = Outcome.failed(e.getMessage());
        }
        if (cancelled) {
            return;
        }
        ProbeState before = state;
        state = before.next(kind, outcome.success() ? ProbeResult.SUCCESS : ProbeResult.FAILURE, settings);
        owner.observed(this, before, state, outcome);
        if (!state.done()) {
            schedule(settings.period());
        }
    }
}
