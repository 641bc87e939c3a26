package io.podyard.node.probes;

/** What one run of a probe or hook handler found; the message says why it failed. */
public record Outcome(boolean success, String message) {
    static Outcome ok() {
        return new Outcome(true, "");
    }

    static Outcome failed(String message) {
        return new Outcome(false, message);
    }
}
