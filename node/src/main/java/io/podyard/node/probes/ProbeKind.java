package io.podyard.node.probes;

/** The three probes of a container, with what each reports before its first verdict. */
public enum ProbeKind {
    /** Until it fails, the container is alive. */
    LIVENESS("Liveness", ProbeResult.SUCCESS),
    /** Until it succeeds, the container is not ready. */
    READINESS("Readiness", ProbeResult.FAILURE),
    /** Until it succeeds, the container has not started and the other probes wait. */
    STARTUP("Startup", ProbeResult.UNKNOWN);

    private final String title;
    private final ProbeResult initial;

    ProbeKind(String title, ProbeResult initial) {
        this.title = title;
        this.initial = initial;
    }

    /** "Liveness", as event messages name it. */
    public String title() {
        return title;
    }

    public ProbeResult initial() {
        return initial;
    }
}
