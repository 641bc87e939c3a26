package io.podyard.node.runtime;

/** A process resource limit as the OCI spec names it ("RLIMIT_NOFILE"). */
public record Rlimit(String type, long hard, long soft) {
    public Rlimit {
        if (type == null || !type.startsWith("RLIMIT_")) {
            throw new IllegalArgumentException("an rlimit type looks like RLIMIT_NOFILE, not " + type);
        }
        if (soft > hard) {
            throw new IllegalArgumentException(type + ": soft limit " + soft + " above hard limit " + hard);
        }
    }
}
