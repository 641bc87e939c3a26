package io.podyard.client;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Kubernetes' metav1.Time: RFC 3339 in UTC with second precision. */
public final class Timestamps {
    private Timestamps() {}

    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Null for a missing or empty timestamp. */
    public static Instant parse(String timestamp) {
        return timestamp == null || timestamp.isEmpty() ? null : Instant.parse(timestamp);
    }
}
