package io.podyard.node.probes;

import java.time.Duration;
import java.time.Instant;

/**
 * The pure core of one probe of one container attempt, as kubelet's prober worker: the verdict
 * reported so far, the last outcome and how many times in a row it came. An outcome changes the
 * verdict only after {@code successThreshold} successes or {@code failureThreshold} failures in
 * a row. A liveness or startup probe that reports failure holds (the container is killed and its
 * next attempt gets new probes); a startup probe that reports success is done.
 *
 * @param reported what the probe says about the container now
 * @param last     the most recent outcome
 * @param run      how many times in a row {@code last} came
 * @param done     whether this probe runs no more for this attempt
 */
public record ProbeState(ProbeResult reported, ProbeResult last, int run, boolean done) {
    public static ProbeState initial(ProbeKind kind) {
        return new ProbeState(kind.initial(), ProbeResult.UNKNOWN, 0, false);
    }

    /** The state after one probe's outcome (SUCCESS or FAILURE). */
    public ProbeState next(ProbeKind kind, ProbeResult outcome, ProbeSettings settings) {
        if (done) {
            return this;
        }
        int newRun = outcome == last ? run + 1 : 1;
        boolean reached = outcome == ProbeResult.SUCCESS ? newRun >= settings.successThreshold()
                : newRun >= settings.failureThreshold();
        if (!reached) {
            return new ProbeState(reported, outcome, newRun, false);
        }
        boolean holds = kind != ProbeKind.READINESS && outcome == ProbeResult.FAILURE
                || kind == ProbeKind.STARTUP && outcome == ProbeResult.SUCCESS;
        return new ProbeState(outcome, outcome, holds ? 0 : newRun, holds);
    }

    /** Whether the container should be killed: its liveness or startup probe reported failure. */
    public boolean kills(ProbeKind kind) {
        return kind != ProbeKind.READINESS && reported == ProbeResult.FAILURE;
    }

    /**
     * Whether a probe runs at {@code now}: not before the initial delay after the container
     * started, and liveness/readiness not before the startup probe (if any) succeeded.
     */
    public static boolean due(ProbeKind kind, ProbeSettings settings, Instant startedAt, Instant now,
                              boolean started) {
        if (kind != ProbeKind.STARTUP && !started) {
            return false;
        }
        return !Duration.between(startedAt, now).minus(settings.initialDelay()).isNegative();
    }
}
