package io.podyard.node.server;

import io.podyard.node.runtime.ContainerLogs;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The query of a log request (kubelet's and the API server's PodLogOptions): follow, previous,
 * tailLines, sinceSeconds or sinceTime, timestamps, limitBytes. Pure.
 */
record LogQuery(ContainerLogs.Options options, boolean previous) {
    /** @throws IllegalArgumentException with a message for the client (400) */
    static LogQuery parse(Map<String, String> query, Instant now) {
        int tail = (int) number(query, "tailLines", -1, Integer.MAX_VALUE);
        long limit = number(query, "limitBytes", -1, Long.MAX_VALUE);
        if (query.containsKey("limitBytes") && limit < 1) {
            throw new IllegalArgumentException("limitBytes: Invalid value: " + limit + ": must be greater than 0");
        }
        if (query.containsKey("sinceSeconds") && query.containsKey("sinceTime")) {
            throw new IllegalArgumentException("at most one of sinceTime or sinceSeconds may be specified");
        }
        Instant since = null;
        if (query.containsKey("sinceSeconds")) {
            long seconds = number(query, "sinceSeconds", 0, Long.MAX_VALUE);
            if (seconds < 1) {
                throw new IllegalArgumentException("sinceSeconds: Invalid value: " + seconds
                        + ": must be greater than 0");
            }
            since = now.minusSeconds(Math.min(seconds, now.getEpochSecond()));
        } else if (query.containsKey("sinceTime")) {
            try {
                since = Instant.parse(query.get("sinceTime"));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("sinceTime: Invalid value: \"" + query.get("sinceTime")
                        + "\": must be RFC3339");
            }
        }
        boolean previous = flag(query, "previous");
        return new LogQuery(new ContainerLogs.Options(tail, since, flag(query, "timestamps"),
                flag(query, "follow") && !previous, limit), previous);
    }

    static boolean flag(Map<String, String> query, String name) {
        String value = query.get(name);
        return value != null && (value.equals("true") || value.equals("1") || value.isEmpty());
    }

    private static long number(Map<String, String> query, String name, long absent, long max) {
        String value = query.get(name);
        if (value == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0 && !name.equals("limitBytes")) {
                throw new IllegalArgumentException(name + ": Invalid value: " + n + ": must be greater than or equal to 0");
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": Invalid value: \"" + value + "\": not a number");
        }
    }
}
