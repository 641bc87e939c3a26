package io.podyard.node.runtime;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One line of a CRI log file: {@code <RFC3339Nano time> <stdout|stderr> <F|P> <content>}. "P"
 * marks a fragment of a longer line whose end comes in a later "F" line.
 */
public record CriLogLine(Instant time, String stream, boolean partial, String content) {
    /** Kubelet's output format for --timestamps: UTC, always nine fraction digits. */
    static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSX")
            .withZone(ZoneOffset.UTC);

    /** Parses a line without its newline; empty when it is not a CRI log line. */
    public static Optional<CriLogLine> parse(String line) {
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        if (second < 0) {
            return Optional.empty();
        }
        int third = line.indexOf(' ', second + 1);
        String tag = third < 0 ? line.substring(second + 1) : line.substring(second + 1, third);
        String stream = line.substring(first + 1, second);
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            return Optional.empty();
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(line.substring(0, first)).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        // A tag may carry more flags after ':'; the first says partial or full.
        boolean partial = tag.startsWith("P");
        if (!partial && !tag.startsWith("F")) {
            return Optional.empty();
        }
        return Optional.of(new CriLogLine(time, stream, partial, third < 0 ? "" : line.substring(third + 1)));
    }

    /** The line as it is written to a CRI log file. */
    public String format() {
        return OUTPUT.format(time) + " " + stream + " " + (partial ? "P" : "F") + " " + content;
    }
}
