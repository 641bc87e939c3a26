package io.podyard.node.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Container log files laid out as kubelet lays out /var/log/pods:
 * {@code <logDir>/<namespace>_<pod>_<uid>/<container>/<attempt>.log}, and rotated ones beside
 * the live file as {@code <attempt>.log.<UTC time>}.
 */
public final class LogFiles {
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS")
            .withZone(ZoneOffset.UTC);

    private LogFiles() {
    }

    public static Path path(Path logDir, String namespace, String pod, String podUid, String container, int attempt) {
        return logDir.resolve(namespace + "_" + pod + "_" + podUid).resolve(container).resolve(attempt + ".log");
    }

    /** The log of the attempt before this one (what `kubectl logs --previous` reads). */
    public static Path previous(Path live) {
        String name = live.getFileName().toString();
        int attempt = Integer.parseInt(name.substring(0, name.length() - ".log".length()));
        if (attempt == 0) {
            throw new ContainerRuntimeException("container has no previous attempt: " + live);
        }
        return live.resolveSibling((attempt - 1) + ".log");
    }

    /** The rotated files of a log, oldest first, then the live file if it exists. */
    public static List<Path> files(Path live) {
        List<Path> files = new ArrayList<>(rotated(live));
        if (Files.exists(live)) {
            files.add(live);
        }
        return files;
    }

    static List<Path> rotated(Path live) {
        Path dir = live.getParent();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        String prefix = live.getFileName() + ".";
        try (Stream<Path> files = Files.list(dir)) {
            // The suffix is a fixed-width UTC time, so name order is age order.
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && !f.getFileName().toString().endsWith(".tmp"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Renames the live file aside when it is larger than {@code maxBytes} and deletes the
     * oldest rotated files beyond {@code maxFiles - 1}. Returns whether it rotated; the writer
     * must then reopen the live path.
     */
    static boolean rotateIfLarger(Path live, long maxBytes, int maxFiles, Instant now) {
        try {
            if (!Files.exists(live) || Files.size(live) <= maxBytes) {
                return false;
            }
            Path target = live.resolveSibling(live.getFileName() + "." + SUFFIX.format(now));
            for (int n = 1; Files.exists(target); n++) {
                target = live.resolveSibling(live.getFileName() + "." + SUFFIX.format(now) + "-" + n);
            }
            Files.move(live, target);
            List<Path> rotated = rotated(live);
            for (int i = 0; i < rotated.size() - (maxFiles - 1); i++) {
                Files.deleteIfExists(rotated.get(i));
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
