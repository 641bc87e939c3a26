package io.podyard.api.table;

import java.time.Duration;

/**
 * Kubernetes' duration.HumanDuration: two or three significant figures, the way AGE and RESTARTS
 * read in {@code kubectl get} ("90s", "3m10s", "125m", "7h5m", "2d1h", "367d", "2y1d").
 */
final class HumanDuration {
    private static final Duration GO_MAX = Duration.ofNanos(Long.MAX_VALUE);
    private static final Duration GO_MIN = Duration.ofNanos(Long.MIN_VALUE);

    private HumanDuration() {}

    static String format(Duration duration) {
        // Go's time.Since saturates at about 292 years; clamp so very old objects read the same.
        Duration d = duration.compareTo(GO_MAX) > 0 ? GO_MAX : duration.compareTo(GO_MIN) < 0 ? GO_MIN : duration;
        long seconds = truncatedSeconds(d);
        // Up to a second in the future is clock skew between machines and reads as "now".
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = seconds / 3600;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = hours / 24 % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /** Whole seconds rounded toward zero, as Go's int(d.Seconds()). */
    private static long truncatedSeconds(Duration d) {
        return d.isNegative() && d.getNano() > 0 ? d.getSeconds() + 1 : d.getSeconds();
    }
}
